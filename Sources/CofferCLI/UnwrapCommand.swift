import ArgumentParser
import CofferClient

/// `unwrap [TOKEN]`: prints the answer a wrapping token holds; the token is then spent.
struct UnwrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unwrap",
        abstract: "Print the answer a wrapping token holds.",
        discussion: "Without TOKEN, unwraps the token in use. A wrapping token can be unwrapped only once."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("field"), help: "Print only this field of the unwrapped answer.")
    var field: String?

    @Argument(help: "The wrapping token.")
    var token: String?

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let wrapping = token.map(\.trimmingWhitespace)
                let response = try await CommandFailure.attempt("unwrapping") { () async throws(ClientError) in
                    try await client.unwrap(wrapping)
                }
                guard let body = response.body else {
                    if format == .table {
                        Console.out("Successfully unwrapped. There was no data in the wrapped secret.\n")
                    }
                    return
                }
                let secret = SecretOutput(body: body)
                if field == nil, let keys = secret.data?["keys"]?.arrayValue {
                    Console.out(ListCommand.render(keys, format: format))
                    return Console.err(format == .table ? SecretOutput.warningBlock(secret.warnings) : "")
                }
                try ReadCommand.print(secret, field: field, format: format)
            }
        }
    }
}
