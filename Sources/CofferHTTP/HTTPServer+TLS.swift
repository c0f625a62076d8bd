import NIOSSL

extension HTTPServer {
    /// NIO's server configuration for `settings`: the certificate and key, protocol versions,
    /// cipher suites and, when asked for, required client certificates verified against the CAs.
    static func tlsConfiguration(_ settings: TLSSettings) throws(SetupError) -> TLSConfiguration {
        var configuration: TLSConfiguration
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(settings.certificateFile).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: settings.keyFile, format: .pem)
            configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain, privateKey: .privateKey(key))
        } catch {
            throw SetupError(
                description:
                    "cannot load TLS certificate \(settings.certificateFile) or key \(settings.keyFile): \(error)")
        }
        configuration.minimumTLSVersion = nioVersion(settings.minimumVersion)
        configuration.maximumTLSVersion = settings.maximumVersion.map(nioVersion)
        if let suites = settings.cipherSuites {
            configuration.cipherSuiteValues = suites.filter { !$0.isTLS13 }.map { NIOTLSCipher(rawValue: $0.value) }
        }
        if settings.requireClientCertificate {
            configuration.certificateVerification = .noHostnameVerification
            if let file = settings.clientCAFile {
                configuration.trustRoots = .certificates(try clientCAs(file))
            } else {
                configuration.trustRoots = .default
            }
        } else {
            configuration.certificateVerification = .none
        }
        return configuration
    }

    private static func clientCAs(_ file: String) throws(SetupError) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(file)
        } catch {
            throw SetupError(description: "cannot load tls_client_ca_file \(file): \(error)")
        }
        guard !certificates.isEmpty else {
            throw SetupError(description: "tls_client_ca_file \(file) holds no PEM certificate")
        }
        return certificates
    }

    private static func nioVersion(_ version: TLSSettings.Version) -> TLSVersion {
        switch version {
        case .tls10: return .tlsv1
        case .tls11: return .tlsv11
        case .tls12: return .tlsv12
        case .tls13: return .tlsv13
        }
    }
}
