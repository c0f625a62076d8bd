/// The answer of `PUT /v1/sys/init`: the unseal key shares and the first root token.
public struct InitResult: Decodable, Sendable, Equatable {
    /// The unseal key shares, hex-encoded.
    public var keys: [String]
    /// The same shares, base64-encoded.
    public var keysBase64: [String]
    /// The initial root token.
    public var rootToken: String

    /// A result holding `keys`, `keysBase64` and `rootToken`.
    public init(keys: [String], keysBase64: [String], rootToken: String) {
        self.keys = keys
        self.keysBase64 = keysBase64
        self.rootToken = rootToken
    }

    enum CodingKeys: String, CodingKey {
        case keys
        case keysBase64 = "keys_base64"
        case rootToken = "root_token"
    }
}
