import CofferAPI
import CofferCore

/// `<mount>/delete/<path>`, `undelete/<path>`, `destroy/<path>`: change chosen versions of a key.
///
/// Versions that are unknown, trimmed or already in the requested state are skipped silently.
extension KVv2Backend {
    /// `POST delete/<path>` with `{versions}`: soft-deletes the live ones among them.
    func deleteVersions(_ request: BackendRequest) async throws -> Response? {
        try await changeVersions(request, missing: "No version number provided") { metadata, number, time, _ in
            guard let version = metadata.version(number), version.isReadable(at: time) else { return false }
            metadata.updateVersion(number) { $0.deletionTime = time }
            return false
        }
    }

    /// `POST undelete/<path>` with `{versions}`: restores them unless destroyed; a `delete_version_after`
    /// in force starts again from now.
    func undeleteVersions(_ request: BackendRequest) async throws -> Response? {
        try await changeVersions(request, missing: "No version number provided") { metadata, number, time, config in
            guard let version = metadata.version(number), !version.destroyed else { return false }
            let deleteAfter = metadata.effectiveDeleteAfter(config)
            metadata.updateVersion(number) { $0.deletionTime = deleteAfter.map { time.adding(seconds: $0) } }
            return false
        }
    }

    /// `PUT/POST destroy/<path>` with `{versions}`: removes their data for good.
    func destroyVersions(_ request: BackendRequest) async throws -> Response? {
        try await changeVersions(request, missing: "no version number provided") { metadata, number, _, _ in
            guard let version = metadata.version(number), !version.destroyed else { return false }
            metadata.updateVersion(number) { $0.destroyed = true }
            return true
        }
    }

    /// Applies `change` to each requested version under the key's lock, then stores the metadata and
    /// removes the data of versions for which `change` returned true, in one transaction.
    private func changeVersions(
        _ request: BackendRequest, missing: String,
        change: @Sendable @escaping (inout KVKeyMetadata, Int64, Timestamp, KVv2Config) -> Bool
    ) async throws -> Response? {
        let key = try writableKey(request)
        let numbers = try KVv2Fields.versions(try request.fields.json("versions"), missing: missing)
        let store = KVv2Store(storage: request.storage)
        try await locks.withLock(key) {
            guard var metadata = try await store.metadata(key) else { return }
            let config = try await store.config()
            let time = now()
            var removed: [Int64] = []
            for number in Set(numbers).sorted() where change(&metadata, number, time, config) {
                removed.append(number)
            }
            let operations =
                [store.putMetadata(key, metadata)]
                + removed.map { StorageOperation.delete(KVv2Store.versionKey(key, $0)) }
            try await store.storage.transaction(operations)
        }
        return nil
    }
}
