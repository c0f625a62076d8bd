import ArgumentParser
import CofferClient

/// `version`: prints this build's version.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version of this build."
    )

    func run() async throws {
        Console.out("Coffer v\(CofferVersion.current)\n")
    }
}
