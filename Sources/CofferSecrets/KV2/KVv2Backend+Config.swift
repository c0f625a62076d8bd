import CofferAPI
import CofferCore

/// `<mount>/config`: the mount-wide defaults for versions kept, check-and-set and automatic deletion.
extension KVv2Backend {
    static let configFields = [
        FieldSpec("max_versions", .int, "How many versions each key keeps; 0 for 10."),
        FieldSpec("cas_required", .bool, "Whether every data write must give options.cas."),
        FieldSpec(
            "delete_version_after", .json,
            "How long a version lives before it is deleted, as a duration; 0 never, negative turns it off."),
        FieldSpec("metadata_cas_required", .bool, "Whether every metadata write must give metadata_cas."),
    ]

    /// `GET config`.
    func readConfig(_ request: BackendRequest) async throws -> Response? {
        Response(data: try await KVv2Store(storage: request.storage).config().apiValue)
    }

    /// `POST config`: sets the given fields; a negative `delete_version_after` turns automatic deletion off.
    func writeConfig(_ request: BackendRequest) async throws -> Response? {
        let fields = request.fields
        let maxVersions = try KVv2Fields.maxVersions(fields)
        let casRequired = try fields.bool("cas_required")
        let deleteAfter = try KVv2Fields.deleteVersionAfter(fields, negativeDisables: true)
        let metadataCASRequired = try fields.bool("metadata_cas_required")
        let store = KVv2Store(storage: request.storage)
        // A leading slash: no key path has one, so config changes never wait on a key's writes.
        try await locks.withLock("/" + KVv2Store.configKey) {
            var config = try await store.config()
            if let maxVersions { config.maxVersions = maxVersions }
            if let casRequired { config.casRequired = casRequired }
            if let deleteAfter { config.deleteVersionAfter = deleteAfter }
            if let metadataCASRequired { config.metadataCASRequired = metadataCASRequired }
            try await store.saveConfig(config)
        }
        return nil
    }
}
