import Synchronization

/// A `Storage` held in process memory, for dev mode and tests; nothing survives the process.
///
/// Keys are compared by their UTF-8 bytes, as every persistent backend does, so two canonically
/// equivalent spellings of a key are two keys. Keys must be non-empty and free of NUL.
public final class InMemoryStorage: Storage {
    private let entries = Mutex(SortedEntries())

    /// An empty store.
    public init() {}

    /// The value at `key`, or nil when absent.
    public func get(_ key: String) async throws(StorageError) -> [UInt8]? {
        try Self.validate(key)
        return entries.withLock { $0.value(key) }
    }

    /// Stores `value` at `key`.
    public func put(_ key: String, _ value: [UInt8]) async throws(StorageError) {
        try await transaction([.put(key, value)])
    }

    /// Removes `key`; removing an absent key succeeds.
    public func delete(_ key: String) async throws(StorageError) {
        try await transaction([.delete(key)])
    }

    /// Immediate children of `prefix` in key order: leaf names, and folder names ending in `/`.
    public func list(prefix: String) async throws(StorageError) -> [String] {
        entries.withLock { entries in
            SortedEntries.withBytes(prefix) { prefixBytes in
                var children: [String] = []
                var position = entries.lowerBound(prefix)
                while let entry = entries.entry(at: position), entry.keyHasPrefix(prefixBytes) {
                    let rest = entry.key.utf8.dropFirst(prefixBytes.count)
                    guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else {
                        if !rest.isEmpty { children.append(String(Substring(rest))) }
                        position = entries.position(after: position)
                        continue
                    }
                    let folder = String(Substring(rest[..<slash]))
                    children.append(folder + "/")
                    position = entries.lowerBound(prefix + folder + "0")
                }
                return children
            }
        }
    }

    /// Entries with `start <= key < end` in key order, at most `limit`; a negative limit is invalid.
    public func scan(from start: String, to end: String, limit: Int) async throws(StorageError) -> [StorageEntry] {
        guard limit >= 0 else { throw StorageError(.invalidArgument, "scan limit must not be negative") }
        return entries.withLock { entries in
            SortedEntries.withBytes(end) { endBytes in
                var result: [StorageEntry] = []
                var position = entries.lowerBound(start)
                while result.count < limit, let entry = entries.entry(at: position), entry.compareKey(to: endBytes) < 0
                {
                    result.append(StorageEntry(key: entry.key, value: entry.value))
                    position = entries.position(after: position)
                }
                return result
            }
        }
    }

    /// Applies `operations` in order, all or none.
    public func transaction(_ operations: [StorageOperation]) async throws(StorageError) {
        for operation in operations {
            try Self.validate(operation.key)
        }
        entries.withLock { entries in
            for operation in operations {
                switch operation {
                case .put(let key, let value): entries.put(key, value)
                case .delete(let key): entries.remove(key)
                }
            }
        }
    }

    private static func validate(_ key: String) throws(StorageError) {
        guard !key.isEmpty else { throw StorageError(.invalidArgument, "storage key must not be empty") }
        guard !key.utf8.contains(0) else { throw StorageError(.invalidArgument, "storage key must not contain NUL") }
    }
}
