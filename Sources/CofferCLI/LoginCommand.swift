import ArgumentParser
import CofferClient

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `login [-method=TYPE] [TOKEN | K=V…]`: logs in with a token, a userpass user or an AppRole
/// role, keeps the token in `~/.coffer-token` (mode 0600) for later commands, and prints what
/// the token is.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in and keep the token for later commands.",
        discussion: """
            -method=token (the default): TOKEN is looked up on the server first. Without TOKEN it is asked for \
            with echo off; - reads it from standard input.
            -method=userpass: username=NAME password=PASSWORD; without a password it is asked for with echo off.
            -method=approle: role_id=ID secret_id=ID.
            A value @FILE is the file's contents and - is standard input; mount=PATH is the same as -path.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("method"), help: "The auth method's type: token, userpass or approle.")
    var method = "token"

    @Option(name: .vault("path"), help: "Where the method is mounted, below auth/; defaults to its type.")
    var path: String?

    @Option(name: .vault("field"), help: "Print only this field, such as token.")
    var field: String?

    @Flag(name: .vault("no-store"), help: "Do not keep the token in ~/.coffer-token.")
    var noStore = false

    @Flag(name: .vault("no-print"), help: "Print nothing on success.")
    var noPrint = false

    @Flag(name: .vault("token-only"), help: "Print only the token and do not keep it.")
    var tokenOnly = false

    @Argument(help: "The token (or - to read it from standard input), or the method's key=value pairs.")
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let noStore = noStore || tokenOnly
            let field = tokenOnly ? "token" : field
            if noStore && noPrint { throw .usage("-no-store and -no-print cannot be used together") }
            let method = try LoginMethod.named(method)
            let credentials = try Self.askingForSecrets(
                LoginCredentials.parse(arguments, method: method, path: path, input: .process))
            try await common.withClient { (client, format) async throws(CommandFailure) in
                switch try await LoginAnswer.obtain(credentials, client: client, unwrap: !noStore) {
                case .wrapped(let secret):
                    if tokenOnly { return try ReadCommand.print(secret, field: "wrapping_token", format: format) }
                    ReadCommand.printWhole(secret, format: format)
                case .authenticated(let token, let secret):
                    try finish(token: token, secret: secret, noStore: noStore, field: field, format: format)
                }
            }
        }
    }

    /// Keeps `token` unless `noStore`, then prints `secret` (or its `field`) unless `-no-print`.
    private func finish(token: String, secret: SecretOutput, noStore: Bool, field: String?, format: OutputFormat)
        throws(CommandFailure)
    {
        if noStore {
            if !tokenOnly { Console.err(Wrap.paragraph(Self.notStoredNotice) + "\n") }
        } else {
            try Self.store(token, secret: secret, format: format, environment: ProcessInfo.processInfo.environment)
        }
        if noPrint { return }
        if let field { return try ReadCommand.print(secret, field: field, format: format) }
        if format == .table { Console.out(Wrap.paragraph(noStore ? Self.successNotice : Self.storedNotice) + "\n") }
        ReadCommand.printWhole(secret, format: format)
    }

    /// `credentials` with a missing token or password asked for with echo off.
    private static func askingForSecrets(_ credentials: LoginCredentials) throws(CommandFailure) -> LoginCredentials {
        switch credentials {
        case .token(nil):
            return .token(try askHidden("Token", instead: "pass the token, or \"-\" to read it from standard input"))
        case .userpass(let mount, let username, nil):
            let password = try askHidden(
                "Password", instead: "pass password=PASSWORD, or password=- to read it from standard input")
            return .userpass(mount: mount, username: username, password: password)
        default:
            return credentials
        }
    }

    /// What the user types after `<name> (will be hidden): `; without a terminal to ask on, a failure
    /// saying what to do `instead`.
    private static func askHidden(_ name: String, instead: String) throws(CommandFailure) -> String {
        guard Console.stdinIsTerminal else {
            throw .remote(
                "Error authenticating: no \(name.lowercased()) was given and standard input is not a terminal (tty); "
                    + instead)
        }
        return try Console.readHidden(prompt: "\(name) (will be hidden): ")
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
            Console.err(
                Wrap.paragraph("Authentication was successful, but the token was not kept. It is shown below.") + "\n")
            ReadCommand.printWhole(secret, format: format)
            throw CommandFailure(message: "", exitCode: 2)
        }
        if let name = ["COFFER_TOKEN", "VAULT_TOKEN"].first(where: { environment.first($0) != nil }) {
            Console.err(
                Wrap.paragraph(
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
}
