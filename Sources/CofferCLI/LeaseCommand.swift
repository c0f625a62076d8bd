import ArgumentParser
import CofferClient

/// `lease`: look up, renew and revoke the leases of secrets and tokens.
struct LeaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lease",
        abstract: "Look up, renew and revoke leases.",
        subcommands: [LeaseLookup.self, LeaseRenew.self, LeaseRevoke.self]
    )

    /// The one lease ID in `arguments`, trimmed, or vault's usage failure for none or more;
    /// `expected` is the count vault's message names for the command.
    static func leaseID(_ arguments: [String], expected: String) throws(CommandFailure) -> String {
        switch arguments.count {
        case 0: throw .usage("Missing ID!")
        case 1: return arguments[0].trimmingWhitespace
        default: throw .usage("Too many arguments (expected \(expected), got \(arguments.count))")
        }
    }
}

/// `lease lookup ID`: prints a lease's path, issue and expiry times, TTL and renewability.
struct LeaseLookup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Print the properties of a lease.",
        discussion: "ID is the full lease ID, such as auth/userpass/login/alice/h3b3a… or database/creds/ro/2f6a…"
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The lease ID.")
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let leaseID = try LeaseCommand.leaseID(arguments, expected: "1")
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let response: APIResponse
                do throws(ClientError) {
                    response = try await client.lookupLease(leaseID)
                } catch {
                    throw .remote("error looking up lease id \(leaseID): \(error)")
                }
                ReadCommand.printWhole(SecretOutput(body: response.body ?? [:]), format: format)
            }
        }
    }
}

/// `lease renew [-increment=DURATION] ID`: extends a lease and prints its new terms.
struct LeaseRenew: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Extend a lease.",
        discussion: "The server may grant less than -increment, and refuses leases that are not renewable, "
            + "revoked, past their maximum TTL, or those of tokens (renew those with \"coffer token renew\")."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("increment"), help: "How much to extend the lease by; the lease's default when unset.")
    var increment: DurationArgument?

    @Argument(help: "The lease ID.")
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let leaseID = try LeaseCommand.leaseID(arguments, expected: "1-2")
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let response = try await CommandFailure.attempt("renewing \(leaseID)") {
                    () async throws(ClientError) in
                    try await client.renewLease(leaseID, increment: increment?.seconds ?? 0)
                }
                ReadCommand.printWhole(SecretOutput(body: response.body ?? [:]), format: format)
            }
        }
    }
}
