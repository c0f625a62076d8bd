import ArgumentParser
import CofferClient

/// `status`: the server's seal and HA status; exits 0 when unsealed, 2 when sealed, 1 on error.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the seal and HA status of the server.",
        discussion: "Exits 0 when the server is unsealed, 2 when it is sealed and 1 when it cannot be asked."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let view = try await SealStatusView.fetch(client, failureCode: 1)
                Console.out(view.rendered(format))
                if view.seal.sealed { throw CommandFailure(message: "", exitCode: 2) }
            }
        }
    }
}

extension SealStatusView {
    /// Asks `client` for the seal status, then the HA status; an error exits with `failureCode`.
    static func fetch(_ client: CofferClient, failureCode: Int32) async throws(CommandFailure) -> SealStatusView {
        let seal: SealStatus
        do throws(ClientError) {
            seal = try await client.sealStatus()
        } catch {
            throw CommandFailure(message: "Error checking seal status: \(error)", exitCode: failureCode)
        }
        return try await completing(seal, client: client, failureCode: failureCode)
    }

    /// `seal` with the HA status `client` reports; an error exits with `failureCode`.
    static func completing(
        _ seal: SealStatus, client: CofferClient, failureCode: Int32
    ) async throws(CommandFailure) -> SealStatusView {
        do throws(ClientError) {
            return SealStatusView(seal: seal, leader: try await client.leaderStatus())
        } catch {
            throw CommandFailure(message: "Error checking leader status: \(error)", exitCode: failureCode)
        }
    }
}
