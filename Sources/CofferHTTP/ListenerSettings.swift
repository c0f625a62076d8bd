/// One TCP listener: where to bind, TLS material, and the request size limit.
public struct ListenerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// PEM files; nil serves plain HTTP (`tls_disable`).
    public var tls: TLSFiles?
    public var maxRequestSize: Int

    /// Vault's default `max_request_size`: 32 MiB.
    public static let defaultMaxRequestSize = 32 * 1024 * 1024

    public init(host: String, port: Int, tls: TLSFiles? = nil, maxRequestSize: Int = defaultMaxRequestSize) {
        self.host = host
        self.port = port
        self.tls = tls
        self.maxRequestSize = maxRequestSize
    }

    /// A certificate chain and its private key, as PEM file paths.
    public struct TLSFiles: Sendable, Equatable {
        public var certificateFile: String
        public var keyFile: String

        public init(certificateFile: String, keyFile: String) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }
}
