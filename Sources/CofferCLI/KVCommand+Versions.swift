import ArgumentParser
import CofferClient

/// `kv delete PATH`: deletes a secret; on a versioned mount the latest version (or `-versions`)
/// is marked deleted and can be undeleted.
struct KVDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a secret, or on a versioned mount some of its versions."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Option(name: .vault("versions"), help: "Versions to delete, comma-separated or repeated; the latest when unset.")
    var versions: [String] = []

    @Option(name: .vault("field"), help: "Print only this field of the answer.")
    var field: String?

    @Argument(help: "The secret's path, such as secret/app.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let numbers = try KVCommand.versions(versions)
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let target = try await KVTarget.resolve(path, mountFlag: mount.mount, client: client)
                let fullPath = target.apiPath("data")
                let (method, requestPath, body): (String, String, JSONValue?) =
                    target.isVersioned && !versions.isEmpty
                    ? ("PUT", target.apiPath("delete"), ["versions": numbers]) : ("DELETE", fullPath, nil)
                let answer = try await WriteCommand.send(
                    client, method, requestPath, body: body, format: format, failure: "deleting \(fullPath)",
                    success: "Success! Data deleted (if it existed) at: \(fullPath)")
                guard let answer else { return }
                try ReadCommand.print(answer, field: field, format: format)
            }
        }
    }
}

/// `kv undelete -versions=N PATH`: restores deleted versions of a versioned secret.
struct KVUndelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undelete",
        abstract: "Restore deleted versions of a versioned secret."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Option(name: .vault("versions"), help: "Versions to restore, comma-separated or repeated.")
    var versions: [String] = []

    @Argument(help: "The secret's path, such as secret/app.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await KVVersionChange.run(
                "undelete", versions: versions, path: path, mountFlag: mount.mount, common: common)
        }
    }
}

/// `kv destroy -versions=N PATH`: erases versions of a versioned secret for good.
struct KVDestroy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Erase versions of a versioned secret; they cannot be restored."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var mount: KVMountOption

    @Option(name: .vault("versions"), help: "Versions to erase, comma-separated or repeated.")
    var versions: [String] = []

    @Argument(help: "The secret's path, such as secret/app.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await KVVersionChange.run(
                "destroy", versions: versions, path: path, mountFlag: mount.mount, common: common)
        }
    }
}

/// What `kv undelete` and `kv destroy` share: `PUT <mount>/<action>/<path>` with the versions.
enum KVVersionChange {
    /// Applies `action` (`undelete` or `destroy`) to the versions of the secret at `path`.
    static func run(
        _ action: String, versions: [String], path: String, mountFlag: String?, common: CommonOptions
    ) async throws(CommandFailure) {
        guard !versions.isEmpty else {
            throw .usage("No versions provided, use the \"-versions\" flag to specify the version to \(action).")
        }
        let numbers = try KVCommand.versions(versions)
        try await common.withClient { (client, format) async throws(CommandFailure) in
            let target = try await KVTarget.resolve(path, mountFlag: mountFlag, client: client)
            guard target.isVersioned else {
                throw .usage("\(action.prefix(1).uppercased())\(action.dropFirst()) not supported on KV Version 1")
            }
            let actionPath = target.apiPath(action)
            let answer = try await WriteCommand.send(
                client, "PUT", actionPath, body: ["versions": numbers], format: format,
                failure: "writing data to \(actionPath)", success: "Success! Data written to: \(actionPath)")
            if let answer { ReadCommand.printWhole(answer, format: format) }
        }
    }
}
