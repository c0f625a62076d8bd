/// A TLS listener's settings, as Vault's `tls_*` listener keys give them.
public struct TLSSettings: Sendable, Equatable {
    /// A protocol version, by Vault's name (`tls10` … `tls13`).
    public enum Version: String, Sendable, Equatable, CaseIterable, Comparable {
        case tls10, tls11, tls12, tls13

        public static func < (lhs: Version, rhs: Version) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// `tls_cert_file`: the PEM certificate chain, leaf first.
    public var certificateFile: String
    /// `tls_key_file`: the PEM private key.
    public var keyFile: String
    /// `tls_require_and_verify_client_cert`: a client without a certificate that verifies is refused.
    public var requireClientCertificate: Bool
    /// `tls_client_ca_file`: the PEM CAs client certificates must chain to; nil means the system's.
    public var clientCAFile: String?
    /// `tls_min_version`; Vault's default is TLS 1.2.
    public var minimumVersion: Version
    /// `tls_max_version`; nil allows up to TLS 1.3.
    public var maximumVersion: Version?
    /// `tls_cipher_suites`: the TLS 1.2 and older suites allowed, in order; nil keeps the library's
    /// list. TLS 1.3 suites are always on, as in Go.
    public var cipherSuites: [TLSCipherSuite]?

    public init(
        certificateFile: String, keyFile: String, requireClientCertificate: Bool = false,
        clientCAFile: String? = nil, minimumVersion: Version = .tls12, maximumVersion: Version? = nil,
        cipherSuites: [TLSCipherSuite]? = nil
    ) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.requireClientCertificate = requireClientCertificate
        self.clientCAFile = clientCAFile
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.cipherSuites = cipherSuites
    }
}
