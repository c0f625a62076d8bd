import CofferCore
import Hummingbird
import HummingbirdCore
import HTTPTypes
import HummingbirdTLS
import Logging
import NIOSSL

/// Builds the Hummingbird application serving the Vault API on one listener.
public enum HTTPServer {
    /// Why a listener could not be set up; says which file or setting to fix.
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Connections the kernel may queue before the server accepts them; as Go's listeners, the most
    /// Linux allows by default (`net.core.somaxconn`), so a burst of connections is not refused.
    static let acceptBacklog = 4096

    /// An application for `listener` answering with `core`; run it as a service.
    public static func application(
        core: Core, listener: ListenerSettings, logger: Logger
    ) throws(SetupError) -> some ApplicationProtocol {
        let responder = VaultResponder(core: core, maxRequestSize: listener.maxRequestSize, logger: logger)
        let configuration = ApplicationConfiguration(
            address: .hostname(listener.host, port: listener.port), serverName: "coffer", backlog: acceptBacklog)
        let http = VaultHTTPChannel(responder: responder, timeouts: listener.timeouts)
        let child: any ServerChildChannel
        if let settings = listener.tls {
            let tls = try tlsConfiguration(settings)
            do {
                child = try TLSChannel(http, tlsConfiguration: tls)
            } catch {
                throw SetupError(description: "cannot set up TLS for \(listener.host):\(listener.port): \(error)")
            }
        } else {
            child = http
        }
        let server = HTTPServerBuilder { (_: @escaping HTTPChannelHandler.Responder) -> any ServerChildChannel in child
        }
        return Application(responder: responder, server: server, configuration: configuration, logger: logger)
    }
}
