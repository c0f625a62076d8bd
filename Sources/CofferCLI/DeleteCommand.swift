import ArgumentParser
import CofferClient

/// `delete PATH`: deletes the data at a path.
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete the data at a path."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The API path to delete, such as secret/app.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let path = ReadCommand.trimmed(path)
                let response: APIResponse
                do throws(ClientError) {
                    response = try await client.request("DELETE", path)
                } catch {
                    throw .request("deleting \(path)", error)
                }
                if let body = response.body, SecretOutput(body: body).hasContent {
                    ReadCommand.printWhole(SecretOutput(body: body), format: format)
                } else if format == .table {
                    Console.out("Success! Data deleted (if it existed) at: \(path)\n")
                }
            }
        }
    }
}
