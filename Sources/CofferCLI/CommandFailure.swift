import ArgumentParser
import CofferClient

/// Why a command stopped, with the exit code the `vault` CLI gives for it.
struct CommandFailure: Error, Equatable {
    /// What to print on standard error; empty prints nothing.
    let message: String
    /// 1 for a local or usage error, 2 for an error the server returned or could not be reached.
    let exitCode: Int32

    /// A failure on this machine: a file, standard input, a missing field.
    static func local(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }

    /// Wrong arguments or flags (vault exits 1 for these too).
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }

    /// An answer from the server that means failure, such as "No value found".
    static func remote(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }

    /// `action` failed with `error`, printed as `Error <action>: <error>`.
    static func request(_ action: String, _ error: ClientError) -> CommandFailure {
        remote("Error \(action): \(error)")
    }

    /// The result of the request `body`; a client error becomes `Error <action>: <error>`.
    static func attempt<T>(
        _ action: String, _ body: () async throws(ClientError) -> T
    ) async throws(CommandFailure) -> T {
        do throws(ClientError) {
            return try await body()
        } catch {
            throw .request(action, error)
        }
    }

    /// Runs `body`; a failure is printed on standard error and becomes the process's exit code.
    static func reporting(_ body: () async throws(CommandFailure) -> Void) async throws(ExitCode) {
        do throws(CommandFailure) {
            try await body()
        } catch {
            if !error.message.isEmpty { Console.err(error.message + "\n") }
            throw ExitCode(error.exitCode)
        }
    }
}
