import CofferAPI
import CofferHCL
import CofferHTTP
import Foundation

extension ConfigInterpreter {
    /// Listener settings Coffer honours.
    static let listenerSettings: Set<String> = [
        "address", "max_request_size", "tls_disable", "tls_cert_file", "tls_key_file",
        "tls_require_and_verify_client_cert", "tls_client_ca_file", "tls_disable_client_certs",
        "tls_min_version", "tls_max_version", "tls_cipher_suites",
        "http_idle_timeout", "http_read_header_timeout", "http_read_timeout", "http_write_timeout",
    ]
    /// Listener settings accepted without effect; none weakens security (README lists them).
    static let listenerSettingsWithoutEffect: Set<String> = ["cluster_address", "tls_prefer_server_cipher_suites"]

    /// Longest connection time limit accepted: a year.
    private static let longestTimeoutSeconds: Int64 = 8760 * 3600

    func listener(_ block: HCLBlock) throws(ConfigLoader.LoadError) -> ListenerSettings {
        guard block.labels.first == "tcp" else {
            throw .init(file: file, position: block.position, "only listener \"tcp\" is supported")
        }
        try expectOnly(Self.listenerSettings.union(Self.listenerSettingsWithoutEffect), in: block)
        let body = block.body
        let addressText = try body.attribute("address").map(string) ?? "127.0.0.1:8200"
        guard let colon = addressText.lastIndex(of: ":"),
            let port = Int(addressText[addressText.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw .init(
                file: file, position: body.attribute("address")?.position ?? block.position,
                "listener address \"\(addressText)\" must be host:port")
        }
        var host = String(addressText[..<colon])
        if host.hasBytePrefix("[") && host.hasByteSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var settings = ListenerSettings(host: host.isEmpty ? "0.0.0.0" : host, port: port)
        if let size = body.attribute("max_request_size") {
            guard case .int(let value) = size.value else {
                throw .init(file: file, position: size.position, "max_request_size must be a number of bytes")
            }
            if value > 0 { settings.maxRequestSize = Int(value) }
        }
        settings.timeouts = try timeouts(body)
        settings.tls = try tls(block)
        return settings
    }

    private func timeouts(_ body: HCLBody) throws(ConfigLoader.LoadError) -> ListenerTimeouts {
        var timeouts = ListenerTimeouts.vaultDefaults
        if let value = try timeout(body, "http_idle_timeout") { timeouts.idle = value }
        if let value = try timeout(body, "http_read_header_timeout") { timeouts.readHeader = value }
        if let value = try timeout(body, "http_read_timeout") { timeouts.read = value }
        if let value = try timeout(body, "http_write_timeout") { timeouts.write = value }
        return timeouts
    }

    /// A connection time limit in whole seconds; 0 is none. A value that would round down to 0
    /// (`"500ms"`) is refused rather than read as no limit.
    private func timeout(_ body: HCLBody, _ name: String) throws(ConfigLoader.LoadError) -> Duration? {
        guard let attribute = body.attribute(name) else { return nil }
        let seconds = try duration(attribute)
        if case .string(let text) = attribute.value, seconds == 0,
            text.contains(where: { ("1"..."9").contains($0) })
        {
            throw .init(file: file, position: attribute.position, "\(name) must be 0 (no limit) or at least 1s")
        }
        guard seconds <= Self.longestTimeoutSeconds else {
            throw .init(file: file, position: attribute.position, "\(name) must be at most 8760h")
        }
        return .seconds(seconds)
    }

    private func tls(_ block: HCLBlock) throws(ConfigLoader.LoadError) -> TLSSettings? {
        let body = block.body
        let tlsKeys = body.attributes.filter {
            $0.name.hasBytePrefix("tls_") && $0.name != "tls_disable"
                && !Self.listenerSettingsWithoutEffect.contains($0.name)
        }
        if try body.attribute("tls_disable").map(bool) ?? false {
            if let key = tlsKeys.first {
                throw .init(
                    file: file, position: key.position, "\(key.name) has no effect with tls_disable = true; remove it")
            }
            return nil
        }
        guard let cert = body.attribute("tls_cert_file"), let key = body.attribute("tls_key_file") else {
            throw .init(
                file: file, position: block.position,
                "listener needs tls_cert_file and tls_key_file, or tls_disable = true")
        }
        var settings = TLSSettings(certificateFile: try string(cert), keyFile: try string(key))
        settings.requireClientCertificate =
            try body.attribute("tls_require_and_verify_client_cert").map(bool) ?? false
        if let disable = body.attribute("tls_disable_client_certs"), try bool(disable),
            settings.requireClientCertificate
        {
            throw .init(
                file: file, position: disable.position,
                "tls_disable_client_certs and tls_require_and_verify_client_cert are mutually exclusive")
        }
        if let ca = body.attribute("tls_client_ca_file") {
            guard settings.requireClientCertificate else {
                throw .init(
                    file: file, position: ca.position,
                    "tls_client_ca_file is used only with tls_require_and_verify_client_cert = true")
            }
            settings.clientCAFile = try string(ca)
        }
        if let attribute = body.attribute("tls_min_version") { settings.minimumVersion = try version(attribute) }
        if let attribute = body.attribute("tls_max_version") { settings.maximumVersion = try version(attribute) }
        if let maximum = settings.maximumVersion, maximum < settings.minimumVersion {
            throw .init(
                file: file, position: body.attribute("tls_max_version")!.position,
                "tls_max_version \(maximum.rawValue) is below tls_min_version \(settings.minimumVersion.rawValue)")
        }
        if let attribute = body.attribute("tls_cipher_suites") { settings.cipherSuites = try cipherSuites(attribute) }
        return settings
    }

    private func version(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> TLSSettings.Version {
        let text = try string(attribute)
        guard let version = TLSSettings.Version(rawValue: text) else {
            let known = TLSSettings.Version.allCases.map(\.rawValue).joined(separator: ", ")
            throw .init(
                file: file, position: attribute.position, "\(attribute.name) \"\(text)\" must be one of \(known)")
        }
        return version
    }

    /// Go's comma-separated suite names; an unknown name is refused.
    private func cipherSuites(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> [TLSCipherSuite] {
        let names = try string(attribute).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var suites: [TLSCipherSuite] = []
        for name in names where !name.isEmpty {
            guard let suite = TLSCipherSuite(goName: name) else {
                throw .init(
                    file: file, position: attribute.position,
                    "tls_cipher_suites: unknown or unsupported suite \"\(name)\"")
            }
            suites.append(suite)
        }
        guard !suites.isEmpty else {
            throw .init(file: file, position: attribute.position, "tls_cipher_suites names no suite")
        }
        return suites
    }
}
