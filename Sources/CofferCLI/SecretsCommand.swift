import ArgumentParser
import CofferClient

/// `secrets`: enable, disable, list, tune and move secrets engines.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Enable, disable, list, tune and move secrets engines.",
        subcommands: [SecretsEnable.self, SecretsDisable.self, SecretsList.self, SecretsTune.self, SecretsMove.self]
    )

    /// `path` with exactly one trailing slash, as mount paths print.
    static func mountPath(_ path: String) -> String {
        var trimmed = Substring(ReadCommand.trimmed(path))
        while trimmed.hasByteSuffix("/") { trimmed = trimmed.droppingLastBytes(1) }
        return trimmed + "/"
    }
}

/// `secrets enable TYPE`: mounts a secrets engine.
struct SecretsEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Enable a secrets engine at a path."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("path"), help: "Where to mount the engine; defaults to its type.")
    var path: String?

    @Option(name: .vault("description"), help: "A description of the mount.")
    var description: String?

    @Option(name: .vault("version"), help: "The engine version, for kv: sets the option version.")
    var version: Int?

    @Option(name: .vault("options"), help: "An engine option as key=value; repeatable.")
    var options: [String] = []

    @Argument(help: "The engine's type, such as kv or transit.")
    var type: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let engineOptions = try Self.engineOptions(options, version: version)
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let mount = SecretsCommand.mountPath(path ?? type)
                do throws(ClientError) {
                    try await client.enableMount(
                        path: mount, type: type, description: description, options: engineOptions)
                } catch {
                    throw .request("enabling", error)
                }
                if format == .table { Console.out("Success! Enabled the \(type) secrets engine at: \(mount)\n") }
            }
        }
    }

    /// The `-options` pairs as a map, with `-version` as the `version` option.
    static func engineOptions(_ pairs: [String], version: Int?) throws(CommandFailure) -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw .usage("Invalid option \"\(pair)\": format must be key=value")
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        if let version { result["version"] = String(version) }
        return result
    }
}

/// `secrets disable PATH`: unmounts a secrets engine and revokes its leases.
struct SecretsDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Disable the secrets engine at a path; its data is deleted."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The engine's mount path.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await MountKind.secretsEngine.disable(path, common: common)
        }
    }
}

/// `secrets list`: the enabled secrets engines.
struct SecretsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the enabled secrets engines."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .vault("detailed"), help: "Show every property of each mount.")
    var detailed = false

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                do throws(ClientError) {
                    Console.out(Self.render(try await client.mounts(), detailed: detailed, format: format))
                } catch {
                    throw .request("listing secrets engines", error)
                }
            }
        }
    }

    /// The mounts as a table sorted by path, or as JSON/YAML keyed by path.
    static func render(_ mounts: [String: MountInfo], detailed: Bool, format: OutputFormat) -> String {
        let sorted = mounts.sorted { $0.key < $1.key }
        guard format == .table else {
            return OutputValue.ordered(sorted.map { OutputValue.Member(name: $0.key, value: json($0.value)) })
                .rendered(format)
        }
        guard detailed else {
            return Table.render(
                header: ["Path", "Type", "Accessor", "Description"],
                rows: sorted.map { [$0.key, $0.value.type, $0.value.accessor ?? "", $0.value.description ?? ""] })
        }
        let header = [
            "Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Force No Cache", "Replication", "Seal Wrap",
            "External Entropy Access", "Options", "Description", "UUID", "Version", "Running Version",
            "Running SHA256", "Deprecation Status",
        ]
        return Table.render(header: header, rows: sorted.map { detailedRow(path: $0.key, $0.value) })
    }

    private static func detailedRow(path: String, _ mount: MountInfo) -> [String] {
        let builtIn = ["system", "cubbyhole"].contains(mount.type)
        func ttl(_ name: String) -> String {
            if builtIn { return "n/a" }
            let seconds = mount.config?[name]?.intValue ?? 0
            return seconds == 0 ? "system" : ValueText.duration(seconds)
        }
        return [
            path, mount.type, mount.accessor ?? "", ttl("default_lease_ttl"), ttl("max_lease_ttl"),
            ValueText.cell(mount.config?["force_no_cache"] ?? false), mount.local == true ? "local" : "replicated",
            String(mount.sealWrap ?? false), String(mount.externalEntropyAccess ?? false),
            ValueText.cell(mount.options.flatMap { $0.isNull ? nil : $0 } ?? .object([:])),
            mount.description ?? "", mount.uuid ?? "", mount.pluginVersion ?? "", mount.runningPluginVersion ?? "",
            mount.runningSha256 ?? "", mount.deprecationStatus ?? "",
        ]
    }

    /// One mount in vault's member order.
    static func json(_ mount: MountInfo) -> OutputValue {
        .ordered([
            .plain("uuid", .string(mount.uuid ?? "")),
            .plain("type", .string(mount.type)),
            .plain("description", .string(mount.description ?? "")),
            .plain("accessor", .string(mount.accessor ?? "")),
            OutputValue.Member(
                name: "config",
                value: .leading(["default_lease_ttl", "max_lease_ttl", "force_no_cache"], in: mount.config ?? [:])),
            .plain("options", mount.options ?? .null),
            .plain("local", .bool(mount.local ?? false)),
            .plain("seal_wrap", .bool(mount.sealWrap ?? false)),
            .plain("external_entropy_access", .bool(mount.externalEntropyAccess ?? false)),
            .plain("plugin_version", .string(mount.pluginVersion ?? "")),
            .plain("running_plugin_version", .string(mount.runningPluginVersion ?? "")),
            .plain("running_sha256", .string(mount.runningSha256 ?? "")),
            .plain("deprecation_status", .string(mount.deprecationStatus ?? "")),
        ])
    }
}
