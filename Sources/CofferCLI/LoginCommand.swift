import ArgumentParser
import CofferClient

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `login [TOKEN]`: checks a token with the server, keeps it in `~/.coffer-token` (mode 0600)
/// for later commands, and prints what the token is.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Authenticate with a token and keep it for later commands.",
        discussion: "TOKEN is looked up on the server first. Without TOKEN it is asked for with echo off; "
            + "- reads it from standard input."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("method"), help: "The auth method; only token is available here.")
    var method = "token"

    @Option(name: .vault("field"), help: "Print only this field, such as token.")
    var field: String?

    @Flag(name: .vault("no-store"), help: "Do not keep the token in ~/.coffer-token.")
    var noStore = false

    @Flag(name: .vault("no-print"), help: "Print nothing on success.")
    var noPrint = false

    @Flag(name: .vault("token-only"), help: "Print only the token and do not keep it.")
    var tokenOnly = false

    @Argument(help: "The token, or - to read it from standard input.")
    var token: String?

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let noStore = noStore || tokenOnly
            let field = tokenOnly ? "token" : field
            if noStore && noPrint { throw .usage("-no-store and -no-print cannot be used together") }
            guard method == "token" else {
                throw .usage(
                    "Unknown auth method: \(method). Only the token method logs in from this command; "
                        + "log in to other methods with \"coffer write auth/<path>/login\".")
            }
            let token = try readToken()
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let secret = SecretOutput(body: try await Self.authenticate(client.withToken(token)))
                let environment = ProcessInfo.processInfo.environment
                if noStore {
                    if !tokenOnly { Console.err(Self.wrapped(Self.notStoredNotice) + "\n") }
                } else {
                    try Self.store(token, secret: secret, format: format, environment: environment)
                }
                if noPrint { return }
                if let field { return try ReadCommand.print(secret, field: field, format: format) }
                if format == .table {
                    Console.out(Self.wrapped(noStore ? Self.successNotice : Self.storedNotice) + "\n")
                }
                ReadCommand.printWhole(secret, format: format)
            }
        }
    }

    /// The token from the argument, standard input (`-`) or the terminal, trimmed.
    private func readToken() throws(CommandFailure) -> String {
        let text: String
        switch token {
        case "-"?: text = String(decoding: try Console.readStandardInput(), as: UTF8.self)
        case let given?: text = given
        case nil:
            guard Console.stdinIsTerminal else {
                throw .remote(
                    "Error authenticating: no token was given and standard input is not a terminal (tty); "
                        + "pass the token, or \"-\" to read it from standard input")
            }
            text = try Console.readHidden(prompt: "Token (will be hidden): ")
        }
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else {
            throw .remote(
                "Error authenticating: a token must be passed to auth, please view the help for more information")
        }
        return trimmed
    }

    /// Looks the client's token up and returns an envelope whose `auth` describes it, as an auth method's login would.
    static func authenticate(_ client: CofferClient) async throws(CommandFailure) -> JSONValue {
        let lookup: APIResponse
        do throws(ClientError) {
            lookup = try await client.withoutWrapping().lookupToken(.current)
        } catch {
            throw .remote("Error authenticating: error looking up token: \(error)")
        }
        return envelope(lookup: lookup.data ?? [:])
    }

    /// The login envelope for the `lookup-self` data `data`: token, accessor, policies (token then
    /// identity; an empty list is null, as vault prints it), metadata, remaining TTL and renewability.
    static func envelope(lookup data: JSONValue) -> JSONValue {
        func list(_ items: [JSONValue]) -> JSONValue { items.isEmpty ? nil : .array(items) }
        let tokenPolicies = data["policies"]?.arrayValue ?? []
        let identityPolicies = data["identity_policies"]?.arrayValue ?? []
        let auth: JSONValue = [
            "client_token": data["id"] ?? "", "accessor": data["accessor"] ?? "",
            "policies": list(tokenPolicies + identityPolicies), "token_policies": list(tokenPolicies),
            "identity_policies": list(identityPolicies), "metadata": data["meta"] ?? nil,
            "lease_duration": data["ttl"] ?? 0, "renewable": data["renewable"] ?? false,
        ]
        return ["request_id": "", "lease_id": "", "lease_duration": 0, "renewable": false, "auth": auth]
    }

    /// Writes `token` to the token file; on failure prints the token's details so it is not lost.
    private static func store(
        _ token: String, secret: SecretOutput, format: OutputFormat, environment: [String: String]
    ) throws(CommandFailure) {
        guard let path = CommonOptions.tokenFilePath(environment: environment) else {
            throw .local("Error storing token: HOME is not set")
        }
        do throws(CommandFailure) {
            try Console.writePrivateFile(path, Array(token.utf8))
        } catch {
            Console.err("Error storing token: \(error.message)\n")
            Console.err(wrapped("Authentication was successful, but the token was not kept. It is shown below.") + "\n")
            ReadCommand.printWhole(secret, format: format)
            throw CommandFailure(message: "", exitCode: 2)
        }
        if let name = ["COFFER_TOKEN", "VAULT_TOKEN"].first(where: { environment.first($0) != nil }) {
            Console.err(
                wrapped(
                    "WARNING! The \(name) environment variable is set! The value of this variable will take "
                        + "precedence; if this is unwanted please unset \(name) or update its value accordingly.")
                    + "\n")
        }
    }

    private static let storedNotice =
        "Success! You are now authenticated. The token information displayed below is already stored in the "
        + "token helper. You do NOT need to run \"coffer login\" again. Future requests will automatically use "
        + "this token."
    private static let successNotice =
        "Success! You are now authenticated. The token information displayed below was not stored."
    private static let notStoredNotice =
        "The token was not stored in token helper. Set the COFFER_TOKEN environment variable or pass the token "
        + "below with each request."

    /// `text` wrapped at 78 columns, ending in a newline.
    private static func wrapped(_ text: String) -> String {
        Wrap.lines(text, width: 78).joined(separator: "\n") + "\n"
    }
}
