import CofferAPI
import CofferCore

/// `<mount>/metadata/<path>`: read, list, configure, patch and remove keys.
extension KVv2Backend {
    /// `GET metadata/<path>`: the key's settings and every recorded version.
    func readMetadata(_ request: BackendRequest) async throws -> Response? {
        guard let metadata = try await KVv2Store(storage: request.storage).metadata(request.capture("path")) else {
            throw CoreError.notFoundEmpty
        }
        return Response(data: metadata.apiValue)
    }

    /// `LIST metadata/<folder>`: the keys and sub-folders below a folder.
    func listMetadata(_ request: BackendRequest) async throws -> Response? {
        let folder = request.capture("path")
        let prefix = KVv2Store.metadataKey(folder.isEmpty ? "" : folder + "/")
        let keys = try await request.storage.list(prefix: prefix)
        if keys.isEmpty { throw CoreError.notFoundEmpty }
        return Response(data: ["keys": .array(keys.map { .string($0) })])
    }

    /// `POST metadata/<path>`: sets the given settings, creating the key (with no versions) if needed.
    func writeMetadata(_ request: BackendRequest) async throws -> Response? {
        try await changeMetadata(request, key: try writableKey(request), patch: false)
    }

    /// `PATCH metadata/<path>`: changes the given settings of an existing key; 404 when there is none.
    func patchMetadata(_ request: BackendRequest) async throws -> Response? {
        try await changeMetadata(request, key: request.capture("path"), patch: true)
    }

    /// `DELETE metadata/<path>`: removes the key's metadata and every version's data.
    func deleteMetadata(_ request: BackendRequest) async throws -> Response? {
        let key = request.capture("path")
        let store = KVv2Store(storage: request.storage)
        try await locks.withLock(key) {
            guard let metadata = try await store.metadata(key) else { return }
            let operations =
                [StorageOperation.delete(KVv2Store.metadataKey(key))]
                + metadata.versions.map { .delete(KVv2Store.versionKey(key, $0.version)) }
            try await store.storage.transaction(operations)
        }
        return nil
    }

    private func changeMetadata(_ request: BackendRequest, key: String, patch: Bool) async throws -> Response? {
        let change = try KVMetadataChange(request.fields, data: request.data)
        let cas = try request.fields.int("metadata_cas")
        let store = KVv2Store(storage: request.storage)
        return try await locks.withLock(key) { () async throws -> Response? in
            let previous = try await store.metadata(key)
            if patch && previous == nil { return Response(status: 404) }
            if change.isEmpty { return nil }
            try KVMetadataChange.checkCAS(cas, config: try await store.config(), previous: previous)
            let time = now()
            var metadata = previous ?? KVKeyMetadata(createdAt: time)
            try change.apply(to: &metadata, merging: patch)
            metadata.currentMetadataVersion += 1
            metadata.updatedTime = time
            try await store.saveMetadata(key, metadata)
            return nil
        }
    }
}
