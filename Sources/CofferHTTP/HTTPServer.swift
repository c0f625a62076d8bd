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

    /// An application for `listener` answering with `core`; run it as a service.
    public static func application(
        core: Core, listener: ListenerSettings, logger: Logger
    ) throws(SetupError) -> some ApplicationProtocol {
        let responder = VaultResponder(core: core, maxRequestSize: listener.maxRequestSize, logger: logger)
        let configuration = ApplicationConfiguration(
            address: .hostname(listener.host, port: listener.port), serverName: "coffer")
        var tls: TLSConfiguration?
        if let files = listener.tls { tls = try tlsConfiguration(files) }
        let tlsConfiguration = tls
        let server = HTTPServerBuilder { (_: @escaping HTTPChannelHandler.Responder) throws -> any ServerChildChannel in
            let http = VaultHTTPChannel(responder: responder)
            guard let tlsConfiguration else { return http }
            return try TLSChannel(http, tlsConfiguration: tlsConfiguration)
        }
        return Application(responder: responder, server: server, configuration: configuration, logger: logger)
    }

    private static func tlsConfiguration(_ files: ListenerSettings.TLSFiles) throws(SetupError) -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificateFile).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: files.keyFile, format: .pem)
            return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        } catch {
            throw SetupError(
                description: "cannot load TLS certificate \(files.certificateFile) or key \(files.keyFile): \(error)")
        }
    }
}
