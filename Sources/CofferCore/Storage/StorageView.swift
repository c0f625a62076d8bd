/// A storage confined below a key prefix: each mount sees only its own keys.
public struct StorageView: Storage {
    public let base: any Storage
    public let prefix: String

    public init(_ base: any Storage, prefix: String) {
        self.base = base
        self.prefix = prefix
    }

    public func get(_ key: String) async throws(StorageError) -> [UInt8]? {
        try await base.get(prefix + key)
    }

    public func put(_ key: String, _ value: [UInt8]) async throws(StorageError) {
        try await base.put(prefix + key, value)
    }

    public func delete(_ key: String) async throws(StorageError) {
        try await base.delete(prefix + key)
    }

    public func list(prefix listPrefix: String) async throws(StorageError) -> [String] {
        try await base.list(prefix: prefix + listPrefix)
    }

    public func hasKeys(under prefixes: [String]) async throws(StorageError) -> [Bool] {
        try await base.hasKeys(under: prefixes.map { prefix + $0 })
    }

    public func scan(from start: String, to end: String, limit: Int) async throws(StorageError) -> [StorageEntry] {
        try await base.scan(from: prefix + start, to: prefix + end, limit: limit).map {
            StorageEntry(key: String($0.key.droppingBytes(prefix.utf8.count)), value: $0.value)
        }
    }

    public func transaction(_ operations: [StorageOperation]) async throws(StorageError) {
        try await base.transaction(
            operations.map { operation in
                switch operation {
                case .put(let key, let value): return .put(prefix + key, value)
                case .delete(let key): return .delete(prefix + key)
                }
            })
    }
}
