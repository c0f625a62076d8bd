import ArgumentParser
import CofferClient

/// `list PATH`: prints the keys under a path, with the LIST method.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the keys under a path."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The API path to list, such as secret/.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                try await Self.list(client, ReadCommand.trimmed(path), format: format)
            }
        }
    }

    /// Lists `path` and prints its keys (or the wrapping token); nothing there exits 2, printing
    /// `{}` in the json and yaml formats.
    static func list(_ client: CofferClient, _ path: String, format: OutputFormat) async throws(CommandFailure) {
        let folder = path.hasByteSuffix("/") ? path : path + "/"
        let secret = try await ReadCommand.fetch(client, "LIST", folder, action: "listing \(path)")
        if let secret, secret.wrapInfo != nil { return ReadCommand.printWhole(secret, format: format) }
        guard let secret, let keys = secret.data?["keys"]?.arrayValue else {
            guard format == .table else {
                Console.out("{}\n")
                throw CommandFailure(message: "", exitCode: 2)
            }
            throw .remote(secret == nil ? "No value found at \(path)" : "No entries found at \(path)")
        }
        Console.out(render(keys, format: format))
        Console.err(format == .table ? SecretOutput.warningBlock(secret.warnings) : "")
    }

    /// The keys as a one-column `Keys` table, or as a JSON or YAML list.
    static func render(_ keys: [JSONValue], format: OutputFormat) -> String {
        guard format == .table else { return OutputValue.plain(.array(keys)).rendered(format) }
        return Table.render(header: ["Keys"], rows: keys.map { [ValueText.cell($0)] })
    }
}
