import ArgumentParser
import CofferClient

/// `auth`: enable, disable and list auth methods.
struct AuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Enable, disable and list auth methods.",
        subcommands: [AuthEnable.self, AuthDisable.self, AuthList.self]
    )
}

/// `auth enable TYPE`: enables an auth method.
struct AuthEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Enable an auth method at a path."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("path"), help: "Where to enable the method, below auth/; defaults to its type.")
    var path: String?

    @Option(name: .vault("description"), help: "A description of the method.")
    var description: String?

    @Argument(help: "The method's type, such as approle.")
    var type: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let mount = SecretsCommand.mountPath(path ?? type)
                do throws(ClientError) {
                    try await client.enableAuth(path: mount, type: type, description: description)
                } catch {
                    throw .request("enabling \(type) auth", error)
                }
                if format == .table { Console.out("Success! Enabled \(type) auth method at: \(mount)\n") }
            }
        }
    }
}

/// `auth disable PATH`: disables an auth method and revokes the tokens it issued.
struct AuthDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Disable the auth method at a path; the tokens it issued are revoked."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The method's path, below auth/.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await MountKind.authMethod.disable(path, common: common)
        }
    }
}

/// `auth list`: the enabled auth methods.
struct AuthList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the enabled auth methods."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                do throws(ClientError) {
                    Console.out(Self.render(try await client.authMounts(), format: format))
                } catch {
                    throw .request("listing auth methods", error)
                }
            }
        }
    }

    /// The methods as a table sorted by path, or as JSON/YAML keyed by path.
    static func render(_ mounts: [String: MountInfo], format: OutputFormat) -> String {
        let sorted = mounts.sorted { $0.key < $1.key }
        guard format == .table else {
            return OutputValue.ordered(
                sorted.map { OutputValue.Member(name: $0.key, value: SecretsList.json($0.value)) }
            )
            .rendered(format)
        }
        return Table.render(
            header: ["Path", "Type", "Accessor", "Description", "Version"],
            rows: sorted.map { path, mount in
                let description = mount.description ?? ""
                return [path, mount.type, mount.accessor ?? "", description.isEmpty ? "n/a" : description, "n/a"]
            })
    }
}
