import ArgumentParser
import CofferClient

/// `token revoke [TOKEN]`: revokes a token and its children, only the token, every token under
/// a path, or the caller's own.
struct TokenRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token.",
        discussion: "By default the token and all its children are revoked. -mode=orphan revokes only the token, "
            + "-mode=path every token created under the path given as TOKEN."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .vault("accessor"), help: "Treat the argument as an accessor.")
    var accessor = false

    @Flag(name: .vault("self"), help: "Revoke the token in use.")
    var revokeSelf = false

    @Option(name: .vault("mode"), help: "orphan: leave the children; path: revoke by creation path prefix.")
    var mode: String?

    @Argument(help: "The token, accessor or path to revoke.")
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let revocation = try Self.revocation(arguments, accessor: accessor, revokeSelf: revokeSelf, mode: mode)
            try await common.withClient { (client, _) async throws(CommandFailure) in
                try await CommandFailure.attempt("revoking token") { () async throws(ClientError) in
                    try await client.revokeToken(revocation)
                }
                Console.out("Success! Revoked token (if it existed)\n")
            }
        }
    }

    /// What the flags and arguments ask to revoke, or the usage failure vault reports for them.
    static func revocation(
        _ arguments: [String], accessor: Bool, revokeSelf: Bool, mode: String?
    ) throws(CommandFailure) -> TokenRevocation {
        if let mode, !["", "orphan", "path"].contains(mode) { throw .usage("Invalid mode: \(mode)") }
        let mode = mode ?? ""
        switch (revokeSelf, arguments.count) {
        case (true, 1...): throw .usage("Too many arguments with -self (expected 0, got \(arguments.count))")
        case (false, 2...): throw .usage("Too many arguments (expected 1 or -self, got \(arguments.count))")
        case (false, 0): throw .usage("Not enough arguments (expected 1 or -self, got 0)")
        default: break
        }
        if revokeSelf && accessor { throw .usage("Cannot use -self with -accessor!") }
        if revokeSelf && !mode.isEmpty { throw .usage("Cannot use -self with -mode!") }
        if accessor && !mode.isEmpty { throw .usage("Cannot use -accessor with -mode=\(mode)!") }
        if revokeSelf { return .current }
        let target = arguments[0].trimmingWhitespace
        if accessor { return .accessor(target) }
        switch mode {
        case "orphan": return .orphan(target)
        case "path": return .prefix(target)
        default: return .tree(target)
        }
    }
}

/// `token capabilities [TOKEN] PATH`: what a token (the caller's own by default) may do on a path.
struct TokenCapabilities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capabilities",
        abstract: "Print what a token may do on a path."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "An optional token, then the API path.")
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let (token, path): (String?, String)
            switch arguments.count {
            case 0: throw .usage("Not enough arguments (expected 1-2, got 0)")
            case 1: (token, path) = (nil, arguments[0])
            case 2: (token, path) = (arguments[0], arguments[1])
            default: throw .usage("Too many arguments (expected 1-2, got \(arguments.count))")
            }
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let found = try await CommandFailure.attempt("listing capabilities") { () async throws(ClientError) in
                    try await client.capabilities(of: token, on: path)
                }
                guard let found else { throw .local("No capabilities found") }
                Console.out(Self.render(found, format: format))
            }
        }
    }

    /// The capabilities sorted and comma-separated on one line, or as a JSON or YAML list.
    static func render(_ capabilities: [String], format: OutputFormat) -> String {
        guard format == .table else {
            return OutputValue.plain(.array(capabilities.map { .string($0) })).rendered(format)
        }
        return capabilities.sorted().joined(separator: ", ") + "\n"
    }
}
