import ArgumentParser
import CofferClient

/// `path-help PATH`: the server's help for a path, made from the path's declared fields, or for a
/// mount's root, the paths its backend serves.
struct PathHelpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path-help",
        abstract: "Retrieve API help for a path."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The API path, such as sys/leases/renew, or a mount such as secret/.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let path = ReadCommand.trimmed(path)
                let body: JSONValue
                do throws(ClientError) {
                    body = try await client.request("GET", path, query: ["help": "1"]).body ?? .null
                } catch {
                    throw .request("reading help for \(path)", error)
                }
                guard format == .table else { return Console.out(OutputValue.plain(body).rendered(format) + "\n") }
                Console.out((body["help"]?.stringValue ?? "") + "\n")
            }
        }
    }
}
