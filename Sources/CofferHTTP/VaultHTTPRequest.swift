import NIOCore

/// One HTTP request as the Vault API reads it, whichever server stack received it: the method, the
/// request target, the few headers Vault looks at, and the body read so far.
struct VaultHTTPRequest: Sendable {
    /// The method in upper case, as sent (`LIST` included).
    let method: String
    /// The request target: path and query, still percent-encoded.
    let target: String
    let vaultToken: String?
    let authorization: String?
    let wrapTTL: String?
    let contentType: String?
    /// The body, or nil when it was larger than the listener allows (413).
    let body: ByteBuffer?
    /// The peer's IP address, nil when the transport has none (in-process tests).
    let remoteAddress: String?

    var isHead: Bool { method == "HEAD" }
}
