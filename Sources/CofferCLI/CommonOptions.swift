import ArgumentParser
import CofferClient

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension NameSpecification {
    /// vault's spelling `-name`, with `--name` accepted too.
    static func vault(_ name: String) -> NameSpecification {
        [.customLong(name, withSingleDash: true), .customLong(name)]
    }
}

/// The flags every command that talks to a server takes, with vault's environment fallbacks.
struct CommonOptions: ParsableArguments {
    @Option(name: .vault("address"), help: "Server address (env COFFER_ADDR, VAULT_ADDR).")
    var address: String?

    @Option(name: .vault("ca-cert"), help: "PEM file of CA certificates to trust (env COFFER_CACERT, VAULT_CACERT).")
    var caCert: String?

    @Flag(
        name: .vault("tls-skip-verify"),
        help: "Do not verify the server's certificate (env COFFER_SKIP_VERIFY, VAULT_SKIP_VERIFY).")
    var tlsSkipVerify = false

    @Option(name: .vault("format"), help: "Output format: table, json or yaml (env COFFER_FORMAT, VAULT_FORMAT).")
    var format: String?

    @Option(
        name: .vault("wrap-ttl"),
        help: "Ask the server to wrap its answer in a token living this long (env COFFER_WRAP_TTL, VAULT_WRAP_TTL).")
    var wrapTTL: String?

    /// The address used when neither the flag nor the environment names one, as vault's.
    static let defaultAddress = "https://127.0.0.1:8200"

    /// The output format from the flag, else the environment, else `table`.
    func outputFormat(environment: [String: String]) throws(CommandFailure) -> OutputFormat {
        try OutputFormat.named(format ?? environment.first("COFFER_FORMAT", "VAULT_FORMAT") ?? "table")
    }

    /// The server address from the flag, else the environment, else the default.
    func serverAddress(environment: [String: String]) -> String {
        address ?? environment.first("COFFER_ADDR", "VAULT_ADDR") ?? Self.defaultAddress
    }

    /// Whether certificate checks are off, by the flag or a true-ish `VAULT_SKIP_VERIFY`.
    func skipVerify(environment: [String: String]) -> Bool {
        if tlsSkipVerify { return true }
        guard let value = environment.first("COFFER_SKIP_VERIFY", "VAULT_SKIP_VERIFY") else { return false }
        return ["1", "t", "true", "yes"].contains(value.lowercased())
    }

    /// The token from `COFFER_TOKEN`, else `VAULT_TOKEN`, else the file `~/.coffer-token`.
    static func token(environment: [String: String], readFile: (String) -> [UInt8]?) -> String? {
        if let token = environment.first("COFFER_TOKEN", "VAULT_TOKEN") { return token }
        guard let path = tokenFilePath(environment: environment), let bytes = readFile(path) else { return nil }
        let token = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).first
        return token.map(String.init)
    }

    /// The wrapping TTL in seconds from the flag, else the environment; nil (or 0) asks for no wrapping.
    func wrapSeconds(environment: [String: String]) throws(CommandFailure) -> Int64? {
        guard let text = wrapTTL ?? environment.first("COFFER_WRAP_TTL", "VAULT_WRAP_TTL") else { return nil }
        do throws(DurationError) {
            let seconds = try BoundedDuration(parsing: text).seconds
            return seconds == 0 ? nil : seconds
        } catch {
            throw .usage("Invalid value for -wrap-ttl: \(error)")
        }
    }

    /// Where `login` keeps the token: `~/.coffer-token`; nil without a home directory.
    static func tokenFilePath(environment: [String: String]) -> String? {
        environment["HOME"].map { "\($0)/.coffer-token" }
    }

    /// Runs `body` with a client built from these options and the process environment, then shuts it down.
    func withClient(
        _ body: (CofferClient, OutputFormat) async throws(CommandFailure) -> Void
    ) async throws(CommandFailure) {
        let environment = ProcessInfo.processInfo.environment
        let format = try outputFormat(environment: environment)
        let wrapSeconds = try wrapSeconds(environment: environment)
        let caCertPath = caCert ?? environment.first("COFFER_CACERT", "VAULT_CACERT")
        if let caCertPath {
            do throws(CommandFailure) {
                _ = try Console.readFile(caCertPath)
            } catch {
                throw .local("Error loading CA file: \(error.message)")
            }
        }
        let client = CofferClient(
            address: serverAddress(environment: environment),
            token: Self.token(environment: environment) { try? Console.readFile($0) },
            caCertPath: caCertPath,
            skipVerify: skipVerify(environment: environment),
            wrapTTL: wrapSeconds.map { "\($0)s" }
        )
        do throws(CommandFailure) {
            try await body(client, format)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }
}

extension [String: String] {
    /// The first of `names` set to a non-empty value.
    func first(_ names: String...) -> String? {
        for name in names {
            if let value = self[name], !value.isEmpty { return value }
        }
        return nil
    }
}
