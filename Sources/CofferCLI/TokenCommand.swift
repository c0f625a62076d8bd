import ArgumentParser
import CofferClient

/// `token`: create, look up, renew and revoke tokens, and ask what a token may do.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, look up, renew and revoke tokens.",
        subcommands: [TokenCreate.self, TokenLookup.self, TokenRenew.self, TokenRevoke.self, TokenCapabilities.self]
    )
}

/// `token create`: makes a child (or orphan) token of the caller's and prints it.
struct TokenCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("field"), help: "Print only this field, such as token.")
    var field: String?

    @Option(name: .vault("policy"), help: "A policy to attach; repeatable.")
    var policies: [String] = []

    @Option(name: .vault("ttl"), help: "How long the token lives before it must be renewed.")
    var ttl: DurationArgument?

    @Option(name: .vault("explicit-max-ttl"), help: "A lifetime the token can never be renewed past.")
    var explicitMaxTTL: DurationArgument?

    @Option(name: .vault("period"), help: "Make a periodic token that each renewal extends by this much.")
    var period: DurationArgument?

    @Option(name: .vault("use-limit"), help: "How many requests the token may make; 0 is unlimited.")
    var useLimit = 0

    @Flag(name: .vault("orphan"), help: "Create the token without a parent.")
    var orphan = false

    @Option(name: .vault("role"), help: "The token role to create the token against.")
    var role: String?

    @Option(name: .vault("type"), help: "The token type: service or batch.")
    var type = "service"

    @Option(name: .vault("renewable"), help: "Whether the token may be renewed: true or false.")
    var renewable = true

    @Option(name: .vault("display-name"), help: "A name for the token, shown by lookups.")
    var displayName: String?

    @Option(name: .vault("metadata"), help: "Metadata as key=value; repeatable.")
    var metadata: [String] = []

    @Flag(name: .vault("no-default-policy"), help: "Do not attach the default policy.")
    var noDefaultPolicy = false

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let request = try makeRequest()
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let response = try await CommandFailure.attempt("creating token") { () async throws(ClientError) in
                    try await client.createToken(request)
                }
                try ReadCommand.print(SecretOutput(body: response.body ?? [:]), field: field, format: format)
            }
        }
    }

    /// The request these flags describe; a batch token is never renewable.
    func makeRequest() throws(CommandFailure) -> TokenCreateRequest {
        var request = TokenCreateRequest()
        request.policies = policies
        request.metadata = try KeyValueInput.pairs(metadata, flag: "metadata")
        request.ttl = ttl?.seconds
        request.explicitMaxTTL = explicitMaxTTL?.seconds
        request.period = period?.seconds
        request.numUses = useLimit
        request.orphan = orphan
        request.noDefaultPolicy = noDefaultPolicy
        request.renewable = type == "batch" ? false : renewable
        request.displayName = displayName
        request.type = type
        request.role = role
        return request
    }
}

/// `token lookup [TOKEN]`: prints a token's properties; the caller's own without an argument.
struct TokenLookup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Print a token's properties.",
        discussion: "Without TOKEN, looks up the token in use. With -accessor, TOKEN is an accessor."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("field"), help: "Print only this field, such as ttl.")
    var field: String?

    @Flag(name: .vault("accessor"), help: "Treat the argument as an accessor.")
    var accessor = false

    @Argument(help: "The token (or accessor) to look up.")
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let subject = try Self.subject(arguments, accessor: accessor)
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let response = try await CommandFailure.attempt("looking up token") { () async throws(ClientError) in
                    try await client.lookupToken(subject)
                }
                try ReadCommand.print(SecretOutput(body: response.body ?? [:]), field: field, format: format)
            }
        }
    }

    /// The token `arguments` name: none is the caller's own; `-accessor` needs exactly one.
    static func subject(_ arguments: [String], accessor: Bool) throws(CommandFailure) -> TokenSubject {
        switch (arguments.count, accessor) {
        case (0, true): throw .usage("Not enough arguments with -accessor (expected 1, got 0)")
        case (1, true): return .accessor(arguments[0].trimmingWhitespace)
        case (_, true): throw .usage("Too many arguments with -accessor (expected 1, got \(arguments.count))")
        case (0, false): return .current
        case (1, false): return .token(arguments[0].trimmingWhitespace)
        default: throw .usage("Too many arguments (expected 0-1, got \(arguments.count))")
        }
    }
}

/// `token renew [TOKEN]`: extends a token's TTL; the caller's own without an argument.
struct TokenRenew: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Extend a token's TTL.",
        discussion: "Without TOKEN, renews the token in use. With -accessor, TOKEN is an accessor."
    )

    @OptionGroup var common: CommonOptions

    @Option(
        name: [.customLong("increment", withSingleDash: true), .customLong("increment"), .customShort("i")],
        help: "How much to extend the TTL by; the token's default when unset.")
    var increment: DurationArgument?

    @Flag(name: .vault("accessor"), help: "Treat the argument as an accessor.")
    var accessor = false

    @Argument(help: "The token (or accessor) to renew.")
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let subject: TokenSubject
            switch arguments.count {
            case 0: subject = .current
            case 1:
                let token = arguments[0].trimmingWhitespace
                subject = accessor ? .accessor(token) : .token(token)
            default: throw .usage("Too many arguments (expected 1, got \(arguments.count))")
            }
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let response = try await CommandFailure.attempt("renewing token") { () async throws(ClientError) in
                    try await client.renewToken(subject, increment: increment?.seconds)
                }
                ReadCommand.printWhole(SecretOutput(body: response.body ?? [:]), format: format)
            }
        }
    }
}
