import CofferAPI

/// A request as the core sees it: no HTTP, only operation, path, data and credentials.
public struct Request: Sendable {
    public var operation: Operation
    /// The path below `/v1/`, without leading or trailing slashes trimmed beyond one.
    public var path: String
    /// The decoded JSON body (writes) or query parameters (reads), by name.
    public var data: [String: JSONValue]
    /// The raw query parameters, for endpoints that read them (e.g. `sys/health`).
    public var query: [String: String]
    public var clientToken: String?
    /// `X-Vault-Wrap-TTL` in seconds: wrap the response in a single-use token living that long.
    public var wrapTTL: Int64?
    public var remoteAddress: String?
    public var headers: [String: String]

    public init(
        operation: Operation, path: String, data: [String: JSONValue] = [:], query: [String: String] = [:],
        clientToken: String? = nil, remoteAddress: String? = nil, headers: [String: String] = [:]
    ) {
        self.operation = operation
        self.path = path
        self.data = data
        self.query = query
        self.clientToken = clientToken
        self.remoteAddress = remoteAddress
        self.headers = headers
    }
}
