import CofferAPI
import CofferCore

/// `<mount>/config`: the mount-wide defaults for versions kept, check-and-set and automatic deletion.
extension KVv2Backend {
    private static let configFields: Set<String> = [
        "max_versions", "cas_required", "delete_version_after", "metadata_cas_required",
    ]

    /// `GET config`.
    func readConfig(_ request: BackendRequest) async throws -> Response? {
        Response(data: try await KVv2Store(storage: request.storage).config().apiValue)
    }

    /// `POST config`: sets the given fields; a negative `delete_version_after` turns automatic deletion off.
    func writeConfig(_ request: BackendRequest) async throws -> Response? {
        let fields = FieldReader(request.data)
        let maxVersions = try KVv2Fields.maxVersions(request.data)
        let casRequired = try fields.bool("cas_required")
        let deleteAfter = try KVv2Fields.deleteVersionAfter(request.data, negativeDisables: true)
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
