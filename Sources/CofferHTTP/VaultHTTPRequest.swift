import NIOCore

/// One HTTP request as the Vault API reads it, whichever server stack received it: the method, the
/// request target, the few headers Vault looks at, and the body read so far.
public struct VaultHTTPRequest: Sendable {
    /// The method in upper case, as sent (`LIST` included).
    public let method: String
    /// The request target: path and query, still percent-encoded.
    public let target: String
    public let vaultToken: String?
    public let authorization: String?
    public let wrapTTL: String?
    public let contentType: String?
    /// The body, or nil when it was larger than the listener allows (413).
    public let body: ByteBuffer?
    /// The peer's IP address, nil when the transport has none (in-process tests).
    public let remoteAddress: String?

    public var isHead: Bool { method == "HEAD" }
}
