import ArgumentParser
import CofferClient

/// `write PATH k=v…`: sends data to a path and prints what the server answers.
struct WriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write data to a path.",
        discussion: "Each argument is key=value. A value @FILE is the file's contents and - is standard input; "
            + "a lone - reads a JSON object from standard input and a lone @FILE from a file."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("field"), help: "Print only this field of the answer.")
    var field: String?

    @Flag(
        name: [.customLong("force", withSingleDash: true), .customLong("force"), .customShort("f")],
        help: "Write even without data.")
    var force = false

    @Argument(help: "The API path to write, such as secret/app.")
    var path: String

    @Argument(help: "Data as key=value, key=@file, key=-, - or @file.json.")
    var data: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let body = try KeyValueInput.process.parse(data)
            if body.isEmpty && !force { throw .usage("Must supply data or use -force") }
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let path = ReadCommand.trimmed(path)
                let response: APIResponse
                do throws(ClientError) {
                    response = try await client.request("PUT", path, body: .object(body))
                } catch {
                    let failure = CommandFailure.request("writing data to \(path)", error)
                    Console.err(failure.message + "\n")
                    if let body = error.body, SecretOutput(body: body).hasContent {
                        ReadCommand.printWhole(SecretOutput(body: body), format: format)
                    }
                    throw CommandFailure(message: "", exitCode: failure.exitCode)
                }
                guard let body = response.body, SecretOutput(body: body).hasContent else {
                    if format == .table { Console.out("Success! Data written to: \(path)\n") }
                    return
                }
                try ReadCommand.print(SecretOutput(body: body), field: field, format: format)
            }
        }
    }
}
