import Crypto

/// The token store's HMAC key, keyed once at unseal: each hash copies the keyed state instead of
/// deriving it from the key again.
///
/// `HMAC` holds hash contexts that swift-crypto does not mark `Sendable`; this wrapper only
/// ever copies its state, never changes it, so sharing it between tasks is safe.
struct TokenSalt: @unchecked Sendable {
    /// How a hash is written as a storage key. Stores made before `base64url` keep `hex`.
    enum Encoding: String, Sendable {
        /// 64 lower-case hex digits.
        case hex
        /// 43 unpadded base64url characters: a third shorter in every key and index.
        case base64url
    }

    private let keyed: HMAC<SHA256>
    let encoding: Encoding

    init(key: SymmetricKey, encoding: Encoding) {
        keyed = HMAC(key: key)
        self.encoding = encoding
    }

    /// The HMAC-SHA256 of `value`'s UTF-8 bytes, in this salt's encoding.
    func hash(_ value: String) -> String {
        var mac = keyed
        var value = value
        value.withUTF8 { mac.update(data: $0) }
        let code = mac.finalize()
        switch encoding {
        case .hex: return code.withUnsafeBytes { Hex.encode($0) }
        case .base64url: return Base64URL.encode(Array(code))
        }
    }
}
