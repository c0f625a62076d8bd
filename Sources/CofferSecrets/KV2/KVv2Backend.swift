import CofferAPI
import CofferCore

/// The key/value engine, version 2: each key keeps numbered versions, soft deletes, destroys,
/// check-and-set writes and its own metadata, as Vault's and OpenBao's `kv` version 2 do.
///
/// Storage layout, inside the mount's own view (keys relative to it):
/// - `config`: the mount-wide settings (`KVv2Config`, JSON).
/// - `metadata/<path>`: one key's metadata and its version list (`KVKeyMetadata`, JSON). Listing
///   `metadata/<folder>/` lists the keys, so `LIST metadata/…` needs no index of its own.
/// - `versions/<path>/<n>`: the data of version `n` of `<path>`, a JSON object. Destroyed and
///   trimmed versions have no entry.
///
/// A write stores the new version, the updated metadata and the removal of trimmed versions in one
/// storage transaction, and writes to one key run one at a time, so a check-and-set compares
/// against the version the write replaces.
struct KVv2Backend: Backend {
    /// The clock that stamps versions and decides when a `delete_version_after` deletion is due.
    let now: @Sendable () -> Timestamp
    let locks = KeyLocks()

    init(now: @escaping @Sendable () -> Timestamp = Timestamp.now) {
        self.now = now
    }

    let summary = "Versioned key/value secrets: each write adds a version; versions can be deleted, undeleted\nand destroyed, and each secret keeps metadata of its own."

    var paths: [PathSpec] {
        [
            PathSpec("config", help: "Configure the versions kept and check-and-set for the whole mount.")
                .on(.read, handler: readConfig)
                .on(.update, handler: writeConfig)
                .on(.list, handler: invalidPath)
                .fields(Self.configFields),
            versioned(
                "data", help: "Write, read, patch and delete versions of a key's data.",
                [.read: readData, .update: writeData, .patch: patchData, .delete: deleteLatest]
            )
            .exists(metadataExists).fields(Self.dataFields),
            versioned(
                "metadata", help: "Read, list, configure and remove a key with all its versions.",
                [
                    .read: readMetadata, .list: listMetadata, .update: writeMetadata, .patch: patchMetadata,
                    .delete: deleteMetadata,
                ]
            )
            .exists(metadataExists).fields(KVMetadataChange.fields),
            versioned("delete", help: "Soft-delete versions of a key.", [.update: deleteVersions])
                .fields(Self.versionsFields),
            versioned("undelete", help: "Restore soft-deleted versions of a key.", [.update: undeleteVersions])
                .fields(Self.versionsFields),
            versioned("destroy", help: "Remove versions of a key's data for good.", [.update: destroyVersions])
                .fields(Self.versionsFields),
            versioned(
                "subkeys", help: "Read the structure of a version's data without its values.", [.read: readSubkeys],
                bare: invalidPath
            ).fields(Self.subkeysFields),
            PathSpec("{path*}", help: "Paths outside the versioned API answer 404 with a hint.")
                .on(.read, .list, .update, .patch, .delete, handler: invalidPath),
        ]
    }

    /// The entry for `<prefix>/<path>`. The bare prefix answers every operation but a list with `bare`
    /// (by default the reference's hint); other operations the prefix lacks are unsupported (405).
    private func versioned(
        _ prefix: String, help: String, _ handlers: [Operation: PathHandler], bare: PathHandler? = nil
    ) -> PathSpec {
        let bare = bare ?? prefixRoot
        var spec = PathSpec(prefix + "/{path*}", help: help)
            .on(.list, handler: handlers[.list] ?? unsupportedOperation)
        for operation in [Operation.read, .update, .patch, .delete] {
            spec = spec.on(
                operation, handler: unlessBare(handlers[operation] ?? unsupportedOperation, else: bare))
        }
        return spec
    }

    private static let versionsFields = [
        FieldSpec("path", .string, "The key's path."),
        FieldSpec("versions", .json, "The version numbers: a list, a comma-separated string or one number."),
    ]

    private func metadataExists(_ request: BackendRequest) async throws -> Bool {
        try await request.storage.get(KVv2Store.metadataKey(request.capture("path"))) != nil
    }

    private func unsupportedOperation(_ request: BackendRequest) async throws -> Response? {
        throw CoreError(.unsupportedOperation, [KVv2Fields.multiError(["unsupported operation"])])
    }

    /// The key a write addresses; writes to a folder (a trailing `/`) or to nothing are refused.
    func writableKey(_ request: BackendRequest) throws(CoreError) -> String {
        let key = request.capture("path")
        if key.isEmpty || request.original.path.hasByteSuffix("/") {
            throw .badRequest(RequestPath.trailingSlashWriteRefusal)
        }
        return key
    }

    /// The check-and-set rules of a data write: `cas` required by the mount or the key, and equal to the
    /// current version (0 for a new key).
    static func checkCAS(_ cas: Int64?, config: KVv2Config, metadata: KVKeyMetadata?) throws(CoreError) {
        guard let cas else {
            if config.casRequired || metadata?.casRequired == true {
                throw .badRequest("check-and-set parameter required for this call")
            }
            return
        }
        if cas != metadata?.currentVersion ?? 0 {
            throw .badRequest("check-and-set parameter did not match the current version")
        }
    }
}
