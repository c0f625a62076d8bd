import ArgumentParser
import CofferClient

/// `secrets move SOURCE DESTINATION`: moves a secrets engine to a new path and waits for the move to end.
struct SecretsMove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move the secrets engine at a path to another; its leases are revoked."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The engine's current mount path.")
    var source: String

    @Argument(help: "The engine's new mount path.")
    var destination: String

    /// How often the migration's status is asked for while it runs.
    static let pollInterval = Duration.milliseconds(250)

    /// How many times the status is asked for before giving up: about ten seconds.
    static let pollAttempts = 40

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let from = SecretsCommand.mountPath(source)
                let to = SecretsCommand.mountPath(destination)
                let move = "secrets engine \(from) to \(to)"
                let id = try await CommandFailure.attempt("moving \(move)") { () async throws(ClientError) in
                    try await client.remount(from: from, to: to)
                }
                let report = { (text: String) in if format == .table { Console.out(text + "\n") } }
                report("Started moving \(move), with migration ID \(id)")
                let status = try await CommandFailure.attempt("checking migration status of \(move)") {
                    () async throws(ClientError) in
                    try await Self.finalStatus(attempts: Self.pollAttempts, interval: Self.pollInterval) {
                        report("Waiting for terminal status in migration of \(move), with migration ID \(id)")
                    } status: { () async throws(ClientError) in
                        try await client.remountStatus(migrationID: id)
                    }
                }
                switch status {
                case "success":
                    report("Success! Finished moving \(move), with migration ID \(id)")
                case "failure":
                    throw .remote("Failure! Error encountered moving \(move), with migration ID \(id)")
                default:
                    throw .remote(
                        "Error moving \(move): migration ID \(id) is still \(status ?? "running") after "
                            + "\(Self.pollAttempts) checks; see sys/remount/status/\(id)")
                }
            }
        }
    }

    /// The first `success` or `failure` that `status` answers within `attempts` tries `interval` apart,
    /// else the last status seen (nil when `attempts` is 0); `waiting` runs once, at the first other answer.
    static func finalStatus(
        attempts: Int, interval: Duration, waiting: () -> Void,
        status: () async throws(ClientError) -> String
    ) async throws(ClientError) -> String? {
        var last: String?
        for attempt in 0..<attempts {
            if attempt > 0 { try? await Task.sleep(for: interval) }
            let current = try await status()
            if current == "success" || current == "failure" { return current }
            if last == nil { waiting() }
            last = current
        }
        return last
    }
}
