import ArgumentParser
import CofferClient

/// `kv metadata`: read, configure and delete a versioned secret's metadata and all its versions.
struct KVMetadataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Read, configure and delete a versioned secret's metadata.",
        subcommands: [KVMetadataGet.self, KVMetadataPut.self, KVMetadataDelete.self]
    )

    /// The metadata path of `path`, on a versioned mount only.
    static func metadataPath(
        _ path: String, mountFlag: String?, client: CofferClient
    ) async throws(CommandFailure) -> String {
        let target = try await KVTarget.resolve(path, mountFlag: mountFlag, client: client)
        guard target.isVersioned else { throw .usage("Metadata not supported on KV Version 1") }
        return target.apiPath("metadata")
    }
}

/// `kv metadata get PATH`: a secret's settings and the state of each version.
struct KVMetadataGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a secret's metadata and versions."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Argument(help: "The secret's path, such as secret/app.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let fullPath = try await KVMetadataCommand.metadataPath(path, mountFlag: mount.mount, client: client)
                let secret = try await ReadCommand.fetch(client, "GET", fullPath, action: "reading \(fullPath)")
                guard let secret else { throw .remote("No value found at \(fullPath)") }
                if secret.wrapInfo != nil || format != .table { return ReadCommand.printWhole(secret, format: format) }
                guard let (out, err) = Self.table(secret, path: fullPath) else {
                    Console.err("No value found at \(fullPath)\n")
                    ReadCommand.printWhole(secret, format: format)
                    throw CommandFailure(message: "", exitCode: 2)
                }
                Console.err(err)
                Console.out(out)
            }
        }
    }

    /// The table output for the metadata `secret` read at `path`: the path, the settings under a
    /// `Metadata` banner, then one section per version in numeric order; nil without versions.
    static func table(_ secret: SecretOutput, path: String) -> (out: String, err: String)? {
        guard let versions = secret.data?["versions"]?.objectValue else { return nil }
        let settings = (secret.data?.objectValue ?? [:]).filter { $0.key != "versions" }
        var body = secret.body.objectValue ?? [:]
        body["data"] = .object(settings)
        let (table, err) = SecretOutput(body: .object(body)).rendered(.table)
        var out = KVOutput.pathBlock("Metadata Path", path: path)
        out += KVOutput.banner("Metadata", over: settings) + "\n" + table
        let numbered = versions.sorted { (Int($0.key) ?? 0, $0.key) < (Int($1.key) ?? 0, $1.key) }
        for (number, version) in numbered {
            out += "\n" + KVOutput.section("Version \(number)", version.objectValue ?? [:])
        }
        return (out, err)
    }
}

/// `kv metadata put PATH`: configures a versioned secret (creating its metadata if need be).
struct KVMetadataPut: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Configure a versioned secret: versions kept, check-and-set, expiry, custom metadata."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Option(name: .vault("max-versions"), help: "How many versions to keep; 0 uses the mount's setting.")
    var maxVersions: Int?

    @Option(name: .vault("cas-required"), help: "Whether every write must give -cas: true or false.")
    var casRequired: Bool?

    @Option(name: .vault("delete-version-after"), help: "Delete each version this long after it is written.")
    var deleteVersionAfter: DurationArgument?

    @Option(name: .vault("custom-metadata"), help: "Custom metadata as key=value; repeatable.")
    var customMetadata: [String] = []

    @Argument(help: "The secret's path, such as secret/app.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let body = try makeBody()
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let fullPath = try await KVMetadataCommand.metadataPath(path, mountFlag: mount.mount, client: client)
                let answer = try await WriteCommand.send(
                    client, "PUT", fullPath, body: body, format: format, failure: "writing data to \(fullPath)",
                    success: "Success! Data written to: \(fullPath)")
                if let answer { ReadCommand.printWhole(answer, format: format) }
            }
        }
    }

    /// The settings given by flags; those not given are left out.
    func makeBody() throws(CommandFailure) -> JSONValue {
        var body: [String: JSONValue] = [:]
        if let maxVersions, maxVersions >= 0 { body["max_versions"] = .int(Int64(maxVersions)) }
        if let casRequired { body["cas_required"] = .bool(casRequired) }
        if let deleteVersionAfter { body["delete_version_after"] = .string("\(deleteVersionAfter.seconds)s") }
        let custom = try KeyValueInput.pairs(customMetadata, flag: "custom-metadata")
        if !custom.isEmpty { body["custom_metadata"] = .object(custom.mapValues { .string($0) }) }
        return .object(body)
    }
}

/// `kv metadata delete PATH`: deletes a versioned secret's metadata and every version.
struct KVMetadataDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a versioned secret's metadata and all its versions."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Argument(help: "The secret's path, such as secret/app.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let fullPath = try await KVMetadataCommand.metadataPath(path, mountFlag: mount.mount, client: client)
                _ = try await WriteCommand.send(
                    client, "DELETE", fullPath, body: nil, format: format, failure: "deleting \(fullPath)",
                    success: nil)
                Console.out("Success! Data deleted (if it existed) at: \(fullPath)\n")
            }
        }
    }
}
