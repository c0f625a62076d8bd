/// One TCP listener: where to bind, TLS, the request size limit and the connection time limits.
public struct ListenerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// Nil serves plain HTTP (`tls_disable`).
    public var tls: TLSSettings?
    public var maxRequestSize: Int
    public var timeouts: ListenerTimeouts

    /// Vault's default `max_request_size`: 32 MiB.
    public static let defaultMaxRequestSize = 32 * 1024 * 1024

    public init(
        host: String, port: Int, tls: TLSSettings? = nil, maxRequestSize: Int = defaultMaxRequestSize,
        timeouts: ListenerTimeouts = .vaultDefaults
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.maxRequestSize = maxRequestSize
        self.timeouts = timeouts
    }
}
