import ArgumentParser
import CofferClient

/// `read PATH`: prints the secret at a path; exits 2 when there is none.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read data from a path and print it."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("field"), help: "Print only this field's value.")
    var field: String?

    @Argument(help: "The API path to read, such as secret/app.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let path = Self.trimmed(path)
                guard let secret = try await Self.fetch(client, "GET", path, action: "reading \(path)") else {
                    throw .remote("No value found at \(path)")
                }
                try Self.print(secret, field: field, format: format)
            }
        }
    }

    /// `path` without leading slashes, as requested and shown.
    static func trimmed(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasBytePrefix("/") { trimmed = trimmed.dropFirst() }
        return String(trimmed)
    }

    /// The envelope at `path`, or nil when the server has nothing there: no body, or a 404
    /// without data or warnings.
    static func fetch(
        _ client: CofferClient, _ method: String, _ path: String, query: [String: String] = [:], action: String
    ) async throws(CommandFailure) -> SecretOutput? {
        do throws(ClientError) {
            return try await client.request(method, path, query: query).body.map(SecretOutput.init)
        } catch  where error.statusCode == 404 {
            let secret = error.body.map(SecretOutput.init)
            return secret?.hasContent == true ? secret : nil
        } catch {
            throw .request(action, error)
        }
    }

    /// Prints `secret` whole, or only `field` (after the warnings, in the table format).
    static func print(_ secret: SecretOutput, field: String?, format: OutputFormat) throws(CommandFailure) {
        guard let field else { return printWhole(secret, format: format) }
        let value = secret.field(field)
        if value != nil && format == .table { Console.err(SecretOutput.warningBlock(secret.warnings)) }
        try printField(value, named: field, in: "secret", format: format)
    }

    /// Prints the value of `field` found in `source` (a newline follows only on a terminal, as
    /// vault's); a missing or null value is a local failure.
    static func printField(_ value: JSONValue?, named field: String, in source: String, format: OutputFormat)
        throws(CommandFailure)
    {
        guard let value, !value.isNull else { throw .local("Field \"\(field)\" not present in \(source)") }
        let text = SecretOutput.fieldText(value, format: format)
        Console.out(text.hasByteSuffix("\n") || !Console.stdoutIsTerminal ? text : text + "\n")
    }

    /// Prints `secret` in `format`: the answer on standard output, warnings on standard error.
    static func printWhole(_ secret: SecretOutput, format: OutputFormat) {
        let (out, err) = secret.rendered(format)
        Console.out(out)
        Console.err(err)
    }
}
