import CofferAPI
import CofferCore

/// `<mount>/data/<path>`: read a version, write a new one, patch the latest, soft-delete the latest.
extension KVv2Backend {
    static let dataFields = [
        FieldSpec("path", .string, "The key's path."),
        FieldSpec("data", .map, "The version's data: any JSON object."),
        FieldSpec("options", .map, "Options of the write; cas, the version it expects to replace (0: none yet)."),
        FieldSpec("version", .int, "The version to read; the latest when not given."),
    ]

    /// `GET data/<path>[?version=N]`: a deleted or destroyed version answers 404 with its metadata.
    func readData(_ request: BackendRequest) async throws -> Response? {
        let key = request.capture("path")
        let store = KVv2Store(storage: request.storage)
        let wanted = try request.fields.int("version") ?? 0
        guard let metadata = try await store.metadata(key) else { throw CoreError.notFoundEmpty }
        guard let version = metadata.version(wanted > 0 ? wanted : metadata.currentVersion) else {
            throw CoreError.notFoundEmpty
        }
        let described = JSONValue.object(metadata.describe(version))
        guard version.isReadable(at: now()) else {
            return Response(data: ["data": .null, "metadata": described], status: 404)
        }
        guard let data = try await store.data(key, version: version.version) else {
            throw CoreError.internalError("could not find version data")
        }
        return Response(data: ["data": .object(data), "metadata": described])
    }

    /// `POST/PUT data/<path>` with `{data, options: {cas}}`: stores a new version and returns its metadata.
    func writeData(_ request: BackendRequest) async throws -> Response? {
        let key = try writableKey(request)
        guard let data = try request.fields.json("data")?.objectValue else {
            throw CoreError.badRequest("no data provided")
        }
        let options = try request.fields.json("options")?.objectValue ?? [:]
        let cas = try KVv2Fields.cas(options)
        let store = KVv2Store(storage: request.storage)
        let written = try await locks.withLock(key) {
            let config = try await store.config()
            let metadata = try await store.metadata(key)
            try Self.checkCAS(cas, config: config, metadata: metadata)
            return try await commitVersion(data, key: key, metadata: metadata, config: config, store: store)
        }
        return Response(data: written)
    }

    /// `PATCH data/<path>`: merges `data` (JSON merge patch) into the latest version as a new version.
    func patchData(_ request: BackendRequest) async throws -> Response? {
        let key = request.capture("path")
        guard let patch = try request.fields.json("data")?.objectValue else {
            throw CoreError.badRequest("no data provided")
        }
        let options = try request.fields.json("options")?.objectValue ?? [:]
        let store = KVv2Store(storage: request.storage)
        return try await locks.withLock(key) { () async throws -> Response in
            guard let metadata = try await store.metadata(key) else { return Response(status: 404) }
            let config = try await store.config()
            try Self.checkCAS(try KVv2Fields.cas(options), config: config, metadata: metadata)
            guard let latest = metadata.version(metadata.currentVersion) else { return Response(status: 404) }
            guard latest.isReadable(at: now()), let current = try await store.data(key, version: latest.version)
            else {
                return Response(data: metadata.describe(latest), status: 404)
            }
            let merged = JSONMergePatch.apply(.object(patch), to: .object(current)).objectValue ?? [:]
            let written = try await commitVersion(
                merged, key: key, metadata: metadata, config: config, store: store)
            return Response(data: written)
        }
    }

    /// `DELETE data/<path>`: soft-deletes the latest version; a missing or already deleted one is no error.
    func deleteLatest(_ request: BackendRequest) async throws -> Response? {
        let key = request.capture("path")
        let store = KVv2Store(storage: request.storage)
        try await locks.withLock(key) {
            guard var metadata = try await store.metadata(key) else { return }
            let time = now()
            guard let latest = metadata.version(metadata.currentVersion), latest.isReadable(at: time) else { return }
            metadata.updateVersion(latest.version) { $0.deletionTime = time }
            try await store.saveMetadata(key, metadata)
        }
        return nil
    }

    /// Appends a version holding `data`, trims old versions, and stores it all in one transaction.
    private func commitVersion(
        _ data: [String: JSONValue], key: String, metadata existing: KVKeyMetadata?, config: KVv2Config,
        store: KVv2Store
    ) async throws -> [String: JSONValue] {
        let time = now()
        var metadata = existing ?? KVKeyMetadata(createdAt: time)
        let version = metadata.appendVersion(at: time, config: config)
        let trimmed = metadata.trim(keeping: metadata.effectiveMaxVersions(config))
        var operations = [store.putData(key, version: version.version, data), store.putMetadata(key, metadata)]
        operations += trimmed.map { .delete(KVv2Store.versionKey(key, $0)) }
        try await store.storage.transaction(operations)
        return metadata.describe(version)
    }
}
