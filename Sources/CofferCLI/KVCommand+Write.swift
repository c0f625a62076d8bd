import ArgumentParser
import CofferClient

/// `kv put PATH k=v…`: writes a secret, on a versioned mount as a new version.
struct KVPut: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Write a secret, replacing its data.",
        discussion: "Data is given as for write: key=value, key=@file, key=-, - or @file.json."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Option(name: .vault("field"), help: "Print only this field of the answer.")
    var field: String?

    @Option(name: .vault("cas"), help: "Write only if the current version is this one (0: only if none).")
    var cas = -1

    @Argument(help: "The secret's path, such as secret/app.")
    var path: String?

    @Argument(help: "Data as key=value, key=@file, key=-, - or @file.json.")
    var data: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            guard let path else { throw .usage("Not enough arguments (expected >1, got 0)") }
            if data.isEmpty { throw .usage("Must supply data") }
            let values = try KeyValueInput.process.parse(data)
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let target = try await KVTarget.resolve(path, mountFlag: mount.mount, client: client)
                let fullPath = target.apiPath("data")
                let body =
                    target.isVersioned ? Self.versionedBody(values, cas: cas >= 0 ? Int64(cas) : nil) : .object(values)
                let answer = try await WriteCommand.send(
                    client, "PUT", fullPath, body: body, format: format,
                    failure: "writing data to \(fullPath)", success: "Success! Data written to: \(fullPath)")
                guard let answer else { return }
                try Self.printWritten(answer, path: fullPath, field: field, format: format)
            }
        }
    }

    /// A versioned write's body: the data, and the check-and-set version when given.
    static func versionedBody(_ data: [String: JSONValue], cas: Int64?) -> JSONValue {
        ["data": .object(data), "options": cas.map { ["cas": .int($0)] } ?? [:]]
    }

    /// Prints the answer to a write: a field, the wrapping token, or the new version's metadata
    /// under the secret's path.
    static func printWritten(
        _ answer: SecretOutput, path: String, field: String?, format: OutputFormat
    ) throws(CommandFailure) {
        if let field { return try ReadCommand.print(answer, field: field, format: format) }
        guard answer.wrapInfo == nil, format == .table else { return ReadCommand.printWhole(answer, format: format) }
        let metadata = answer.data?.objectValue ?? [:]
        Console.out(KVOutput.pathBlock("Secret Path", path: path) + KVOutput.section("Metadata", metadata))
    }
}

/// `kv patch PATH k=v…`: changes some keys of a versioned secret, keeping the others.
struct KVPatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patch",
        abstract: "Change some keys of a versioned secret.",
        discussion: "By default sends a JSON merge patch, falling back to reading and writing the whole secret "
            + "when the server refuses PATCH. -method=patch never falls back; -method=rw always reads and writes."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Option(name: .vault("field"), help: "Print only this field of the answer.")
    var field: String?

    @Option(name: .vault("cas"), help: "Patch only if the current version is this one.")
    var cas = 0

    @Option(name: .vault("method"), help: "patch or rw; see above.")
    var method: String?

    @Option(name: .vault("remove-data"), help: "A key to remove; repeatable.")
    var removeData: [String] = []

    @Argument(help: "The secret's path, such as secret/app.")
    var path: String?

    @Argument(help: "Data as key=value, key=@file, key=-, - or @file.json.")
    var data: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            guard let path else { throw .usage("Not enough arguments (expected >1, got 0)") }
            if data.isEmpty && removeData.isEmpty { throw .usage("Must supply data") }
            var changes = try KeyValueInput.process.parse(data)
            for key in removeData { changes[key] = .null }
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let target = try await KVTarget.resolve(path, mountFlag: mount.mount, client: client)
                guard target.isVersioned else { throw .remote("K/V engine mount must be version 2 for patch support") }
                let fullPath = target.apiPath("data")
                let answer: SecretOutput?
                switch method ?? "" {
                case "rw": answer = try await Self.readThenWrite(client, fullPath, changes, format: format)
                case "patch", "":
                    let fallBack = (method ?? "").isEmpty
                    answer = try await mergePatch(client, fullPath, changes, fallBack: fallBack, format: format)
                case let other: throw .remote("Unsupported method provided to -method flag: \(other)")
                }
                guard let answer else { return }
                try KVPut.printWritten(answer, path: fullPath, field: field, format: format)
            }
        }
    }

    /// Sends the changes as a JSON merge patch; when `fallBack`, a server refusing PATCH (405, or
    /// 403 for want of the `patch` capability) gets a read and a whole write instead.
    private func mergePatch(
        _ client: CofferClient, _ path: String, _ changes: [String: JSONValue], fallBack: Bool, format: OutputFormat
    ) async throws(CommandFailure) -> SecretOutput? {
        let body: JSONValue = ["data": .object(changes), "options": cas > 0 ? ["cas": .int(Int64(cas))] : [:]]
        let response: APIResponse
        do throws(ClientError) {
            response = try await client.request("PATCH", path, body: body)
        } catch  where fallBack && (error.statusCode == 405 || error.statusCode == 403) {
            if error.statusCode == 403 {
                Console.err(
                    "Data was written to \(path) but we recommend that you add the \"patch\" capability to your "
                        + "ACL policy in order to use HTTP PATCH in the future.\n")
            }
            return try await Self.readThenWrite(client, path, changes, format: format)
        } catch {
            throw .request("writing data to \(path)", error)
        }
        return WriteCommand.answer(response, format: format, success: "Success! Data written to: \(path)")
    }

    /// Reads the current version, applies the changes and writes the result with check-and-set
    /// on the version read.
    private static func readThenWrite(
        _ client: CofferClient, _ path: String, _ changes: [String: JSONValue], format: OutputFormat
    ) async throws(CommandFailure) -> SecretOutput? {
        let (data, metadata) = try await KVRollback.readVersion(client, path, version: nil, purpose: "patch")
        guard let data else { throw .remote("No data found at \(path); patch only works on existing data") }
        let body: JSONValue = [
            "data": .object(data.merging(changes) { $1 }), "options": ["cas": metadata["version"] ?? nil],
        ]
        return try await WriteCommand.send(
            client, "PUT", path, body: body, format: format, failure: "writing data to \(path)",
            success: "Success! Data written to: \(path)")
    }
}

/// `kv rollback -version=N PATH`: writes an earlier version's data as the newest version.
struct KVRollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Make an earlier version's data the newest version."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Option(name: .vault("version"), help: "The version to roll back to.")
    var version: Int?

    @Argument(help: "The secret's path, such as secret/app.")
    var paths: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            guard paths.count == 1 else {
                throw .usage("Invalid number of arguments (expected 1, got \(paths.count))")
            }
            guard let version else { throw .usage("Version flag must be specified") }
            guard version > 0 else { throw .usage("Invalid value \(version) for the version flag") }
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let target = try await KVTarget.resolve(paths[0], mountFlag: mount.mount, client: client)
                guard target.isVersioned else {
                    throw .remote("K/V engine mount must be version 2 for rollback support")
                }
                let fullPath = target.apiPath("data")
                let (_, current) = try await Self.readVersion(client, fullPath, version: nil, purpose: "rollback")
                let data = try await Self.rollbackData(client, fullPath, version: version)
                let body: JSONValue = ["data": .object(data), "options": ["cas": current["version"] ?? nil]]
                let answer = try await WriteCommand.send(
                    client, "PUT", fullPath, body: body, format: format, failure: "writing data to \(fullPath)",
                    success: "Success! Data written to: \(fullPath)")
                if let answer { ReadCommand.printWhole(answer, format: format) }
            }
        }
    }

    /// The data of `version` of the secret at the data path `path`; a deleted or destroyed version
    /// cannot be rolled back to.
    private static func rollbackData(
        _ client: CofferClient, _ path: String, version: Int
    ) async throws(CommandFailure) -> [String: JSONValue] {
        let (data, metadata) = try await readVersion(client, path, version: version, purpose: "rollback")
        if let deleted = metadata["deletion_time"]?.stringValue, !deleted.isEmpty {
            throw .remote("Cannot roll back to a version that has been deleted")
        }
        if metadata["destroyed"]?.boolValue == true {
            throw .remote("Cannot roll back to a version that has been destroyed")
        }
        guard let data else { throw .remote("No data found at \(path); rollback only works on existing data") }
        return data
    }

    /// The data (nil when deleted) and metadata of `version` (the latest when nil) of the secret
    /// at the data path `path`; nothing there, or no metadata, is a failure naming `purpose`.
    static func readVersion(
        _ client: CofferClient, _ path: String, version: Int?, purpose: String
    ) async throws(CommandFailure) -> (data: [String: JSONValue]?, metadata: JSONValue) {
        let query = version.map { ["version": String($0)] } ?? [:]
        let secret = try await ReadCommand.fetch(client, "GET", path, query: query, action: "doing pre-read at \(path)")
        guard let secret, let envelope = secret.data else { throw .remote("No value found at \(path)") }
        guard let metadata = envelope["metadata"], !metadata.isNull else {
            throw .remote("No metadata found at \(path); \(purpose) only works on existing data")
        }
        return (envelope["data"]?.objectValue, metadata)
    }
}
