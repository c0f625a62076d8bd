import ArgumentParser
import CofferClient

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `print`: show values the CLI works with.
struct PrintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print values the CLI uses.",
        subcommands: [PrintToken.self]
    )
}

/// `print token`: the token the CLI sends, from `COFFER_TOKEN`, `VAULT_TOKEN` or `~/.coffer-token`;
/// an empty line when there is none.
struct PrintToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print the token the CLI would send."
    )

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let token = CommonOptions.token(environment: environment) { try? Console.readFile($0) }
        Console.out((token ?? "") + "\n")
    }
}
