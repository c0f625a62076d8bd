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
                let answer = try await Self.send(
                    client, "PUT", path, body: .object(body), format: format,
                    failure: "writing data to \(path)", success: "Success! Data written to: \(path)")
                guard let answer else { return }
                try ReadCommand.print(answer, field: field, format: format)
            }
        }
    }

    /// Sends `body` to `path` and returns the server's answer, or nil after printing `success`
    /// (if any, in the table format) when the answer is empty. A failure prints `Error <failure>: …` and
    /// whatever the server sent with it, and exits 2.
    static func send(
        _ client: CofferClient, _ method: String, _ path: String, body: JSONValue?, format: OutputFormat,
        failure: String, success: String?
    ) async throws(CommandFailure) -> SecretOutput? {
        let response: APIResponse
        do throws(ClientError) {
            response = try await client.request(method, path, body: body)
        } catch {
            Console.err(CommandFailure.request(failure, error).message + "\n")
            if let body = error.body, SecretOutput(body: body).hasContent {
                ReadCommand.printWhole(SecretOutput(body: body), format: format)
            }
            throw CommandFailure(message: "", exitCode: 2)
        }
        return answer(response, format: format, success: success)
    }

    /// The server's answer in `response`, or nil after printing `success` (if any, in the table
    /// format) when it is empty.
    static func answer(_ response: APIResponse, format: OutputFormat, success: String?) -> SecretOutput? {
        guard let body = response.body, SecretOutput(body: body).hasContent else {
            if let success, format == .table { Console.out(success + "\n") }
            return nil
        }
        return SecretOutput(body: body)
    }
}
