import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the client's IP address, which
/// token CIDR bindings are checked against.
public struct CofferRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address, nil when the transport has none (in-process tests).
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
