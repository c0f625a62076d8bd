import ArgumentParser
import CofferClient

/// `kv`: read and write the KV secrets engine by secret path, either version: `kv get secret/app`
/// reads `secret/data/app` on a versioned mount and `secret/app` on a v1 one.
struct KVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv",
        abstract: "Read and write secrets in the KV secrets engine.",
        subcommands: [
            KVGet.self, KVPut.self, KVPatch.self, KVDelete.self, KVUndelete.self, KVDestroy.self, KVList.self,
            KVRollback.self, KVMetadataCommand.self,
        ]
    )

    /// The version numbers of repeated, comma-separated `-versions` flags.
    static func versions(_ flags: [String]) throws(CommandFailure) -> JSONValue {
        var numbers: [JSONValue] = []
        for item in flags.flatMap({ $0.split(separator: ",") }) {
            let text = String(item).trimmingWhitespace
            if text.isEmpty { continue }
            guard let number = Int64(text) else { throw .usage("Invalid version \"\(text)\" in -versions") }
            numbers.append(.int(number))
        }
        return .array(numbers)
    }
}

/// The `-mount` flag of the `kv` commands.
struct KVMountOption: ParsableArguments {
    @Option(name: .vault("mount"), help: "The engine's mount path; PATH is then the secret's path inside it.")
    var mount: String?
}

/// `kv get PATH`: prints a secret, for a versioned mount its metadata too.
struct KVGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a secret (a given version with -version)."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Option(name: .vault("field"), help: "Print only this field of the secret's data.")
    var field: String?

    @Option(name: .vault("version"), help: "The version to read; the latest when unset.")
    var version = 0

    @Argument(help: "The secret's path, such as secret/app.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let target = try await KVTarget.resolve(path, mountFlag: mount.mount, client: client)
                let fullPath = target.apiPath("data")
                let query = target.isVersioned && version > 0 ? ["version": String(version)] : [:]
                let secret = try await ReadCommand.fetch(
                    client, "GET", fullPath, query: query, action: "reading \(fullPath)")
                guard let secret else { throw .remote("No value found at \(fullPath)") }
                if let field { return try Self.printField(field, of: secret, target: target, format: format) }
                if secret.wrapInfo != nil || format != .table { return ReadCommand.printWhole(secret, format: format) }
                Console.err(SecretOutput.warningBlock(secret.warnings))
                Console.out(Self.table(secret, isVersioned: target.isVersioned, path: fullPath))
            }
        }
    }

    /// `field` of the secret's data; for a versioned secret, `data` names the data itself unless
    /// the data has a member of that name.
    static func printField(
        _ field: String, of secret: SecretOutput, target: KVTarget, format: OutputFormat
    ) throws(CommandFailure) {
        guard target.isVersioned else { return try ReadCommand.print(secret, field: field, format: format) }
        guard let data = secret.data?["data"], !data.isNull else {
            throw .remote("No data found at \(target.apiPath("data"))")
        }
        if field == "data" && data["data"] == nil { return try ReadCommand.print(secret, field: field, format: format) }
        try ReadCommand.printField(data[field], named: field, in: "map", format: format)
    }

    /// The table output: for a versioned secret the path, metadata and data sections; for v1 the data section.
    static func table(_ secret: SecretOutput, isVersioned: Bool, path: String) -> String {
        guard isVersioned else {
            return secret.data?.objectValue.map { KVOutput.section("Data", $0) } ?? ""
        }
        var out = KVOutput.pathBlock("Secret Path", path: path)
        if let metadata = secret.data?["metadata"]?.objectValue { out += KVOutput.section("Metadata", metadata) + "\n" }
        if let data = secret.data?["data"]?.objectValue { out += KVOutput.section("Data", data) }
        return out
    }
}

/// `kv list PATH`: the keys under a path (for a versioned mount, of its metadata).
struct KVList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the secrets under a path."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Argument(help: "The folder to list, such as secret/; may be omitted with -mount.")
    var path: String?

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            guard let argument = path ?? (mount.mount == nil ? nil : "") else {
                throw .usage("Not enough arguments (expected 1, got 0)")
            }
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let target = try await KVTarget.resolve(argument, mountFlag: mount.mount, client: client)
                try await ListCommand.list(client, target.apiPath("metadata"), format: format)
            }
        }
    }
}
