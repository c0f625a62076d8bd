import ArgumentParser
import CofferCLI
import CofferHTTP
import Foundation

/// The `coffer` binary: server and CLI in one.
@main
struct Coffer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coffer",
        abstract: "A secrets manager that speaks the Vault API.",
        subcommands: [ServerCommand.self] + CofferCLI.commands)

    /// Runs the chosen command; usage errors exit 1 as vault's do, not argument-parser's 64.
    /// The server starts itself once more with a larger per-thread allocation cache
    /// (`ThreadCacheTuning`), runs its tasks on the event loops (`ConcurrencyThreads`) and keeps
    /// freed heap memory mapped (`HeapTrimming`).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if command is ServerCommand {
                ThreadCacheTuning.restartWithLargerCache()
                ConcurrencyThreads.install()
                HeapTrimming.raiseThreshold()
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}
