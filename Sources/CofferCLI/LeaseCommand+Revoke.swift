import ArgumentParser
import CofferClient

/// `lease revoke [-prefix] [-force] [-sync] ID`: revokes one lease, or every lease under a prefix.
struct LeaseRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a lease, or every lease under a prefix.",
        discussion: "Without -sync the server queues the revocation and retries it until it succeeds; with -sync "
            + "it revokes before answering and a failure is reported. -force removes the leases even when their "
            + "secrets engine fails to revoke them (it needs -prefix and is always synchronous)."
    )

    @OptionGroup var common: CommonOptions

    @Flag(
        name: [.customLong("force", withSingleDash: true), .customLong("force"), .customShort("f")],
        help: "Remove the leases even if their secrets engine cannot revoke them; needs -prefix.")
    var force = false

    @Flag(name: .vault("prefix"), help: "Treat ID as a prefix: revoke every lease whose ID starts with it.")
    var prefix = false

    @Flag(name: .vault("sync"), help: "Revoke before the server answers, instead of queueing the revocation.")
    var sync = false

    @Argument(help: "The lease ID, or with -prefix a path prefix.")
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let revocation = try Self.revocation(arguments, force: force, prefix: prefix, sync: sync)
            if case .force = revocation {
                Console.err(
                    Wrap.paragraph(
                        "Warning! Force-removing leases can cause the server to become out of sync with secret engines!"
                    ))
            }
            try await common.withClient { (client, _) async throws(CommandFailure) in
                try await CommandFailure.attempt(Self.failure(revocation)) { () async throws(ClientError) in
                    try await client.revokeLease(revocation)
                }
                Console.out(Self.success(revocation) + "\n")
            }
        }
    }

    /// What the flags and arguments ask to revoke, or the usage failure vault reports for them.
    static func revocation(_ arguments: [String], force: Bool, prefix: Bool, sync: Bool) throws(CommandFailure)
        -> LeaseRevocation
    {
        switch arguments.count {
        case 0: throw .usage("Not enough arguments (expected 1, got 0)")
        case 1: break
        default: throw .usage("Too many arguments (expected 1, got \(arguments.count))")
        }
        if force && !prefix { throw .usage("Specifying -force requires also specifying -prefix") }
        let target = arguments[0].trimmingWhitespace
        if force { return .force(target) }
        return prefix ? .prefix(target, sync: sync) : .lease(target, sync: sync)
    }

    /// What failed, as vault words it after `Error `.
    static func failure(_ revocation: LeaseRevocation) -> String {
        switch revocation {
        case .lease(let leaseID, _): return "revoking lease \(leaseID)"
        case .prefix(let prefix, _): return "revoking leases with prefix \(prefix)"
        case .force(let prefix): return "force revoking leases with prefix \(prefix)"
        }
    }

    /// What vault prints once the server has answered: a queued revocation is not yet done.
    static func success(_ revocation: LeaseRevocation) -> String {
        switch revocation {
        case .lease(_, sync: false), .prefix(_, sync: false): return "All revocation operations queued successfully!"
        case .lease(let leaseID, sync: true): return "Success! Revoked lease: \(leaseID)"
        case .prefix(let prefix, sync: true): return "Success! Revoked any leases with prefix: \(prefix)"
        case .force(let prefix): return "Success! Force revoked any leases with prefix: \(prefix)"
        }
    }
}
