import CofferCore

/// Storage whose transactions that store something take `delay` longer than those that only
/// delete: a write read before a deletion then lands after it, the order a busy server can
/// produce, so tests can show that no write brings back what was deleted.
struct DelayedPutStorage: Storage {
    let base: any Storage
    let delay: Duration

    func get(_ key: String) async throws(StorageError) -> [UInt8]? { try await base.get(key) }

    func put(_ key: String, _ value: [UInt8]) async throws(StorageError) {
        try await transaction([.put(key, value)])
    }

    func delete(_ key: String) async throws(StorageError) { try await base.delete(key) }

    func list(prefix: String) async throws(StorageError) -> [String] { try await base.list(prefix: prefix) }

    func scan(from start: String, to end: String, limit: Int) async throws(StorageError) -> [StorageEntry] {
        try await base.scan(from: start, to: end, limit: limit)
    }

    func transaction(_ operations: [StorageOperation]) async throws(StorageError) {
        if operations.contains(where: { if case .put = $0 { true } else { false } }) {
            try? await Task.sleep(for: delay)
        }
        try await base.transaction(operations)
    }
}
