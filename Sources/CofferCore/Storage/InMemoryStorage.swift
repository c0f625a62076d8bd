import Synchronization

/// A `Storage` held in process memory, for dev mode and tests; nothing survives the process.
///
/// Keys are compared by their UTF-8 bytes, as every persistent backend does, so two canonically
/// equivalent spellings of a key are two keys. Keys must be non-empty and free of NUL.
public final class InMemoryStorage: Storage {
    private let entries = Mutex<[StorageEntry]>([])

    /// An empty store.
    public init() {}

    /// The value at `key`, or nil when absent.
    public func get(_ key: String) async throws(StorageError) -> [UInt8]? {
        try Self.validate(key)
        return entries.withLock { entries in
            let index = Self.lowerBound(key, in: entries)
            guard index < entries.endIndex, Self.same(entries[index].key, key) else { return nil }
            return entries[index].value
        }
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
            var children: [String] = []
            var index = Self.lowerBound(prefix, in: entries)
            while index < entries.endIndex, entries[index].key.utf8.starts(with: prefix.utf8) {
                let rest = Substring(entries[index].key.utf8.dropFirst(prefix.utf8.count))
                guard let slash = rest.utf8.firstIndex(of: UInt8(ascii: "/")) else {
                    if !rest.isEmpty { children.append(String(rest)) }
                    index += 1
                    continue
                }
                let folder = rest[..<slash]
                children.append(String(folder) + "/")
                index = Self.lowerBound(prefix + folder + "0", in: entries)
            }
            return children
        }
    }

    /// Entries with `start <= key < end` in key order, at most `limit`; a negative limit is invalid.
    public func scan(from start: String, to end: String, limit: Int) async throws(StorageError) -> [StorageEntry] {
        guard limit >= 0 else { throw StorageError(.invalidArgument, "scan limit must not be negative") }
        return entries.withLock { entries in
            var result: [StorageEntry] = []
            var index = Self.lowerBound(start, in: entries)
            while result.count < limit, index < entries.endIndex, Self.precedes(entries[index].key, end) {
                result.append(entries[index])
                index += 1
            }
            return result
        }
    }

    /// Applies `operations` in order, all or none.
    public func transaction(_ operations: [StorageOperation]) async throws(StorageError) {
        for operation in operations {
            try Self.validate(operation.key)
        }
        entries.withLock { entries in
            for operation in operations {
                let index = Self.lowerBound(operation.key, in: entries)
                let found = index < entries.endIndex && Self.same(entries[index].key, operation.key)
                switch (operation, found) {
                case (.put(let key, let value), false):
                    entries.insert(StorageEntry(key: key, value: value), at: index)
                case (.put(_, let value), true):
                    entries[index].value = value
                case (.delete, true):
                    entries.remove(at: index)
                case (.delete, false):
                    break
                }
            }
        }
    }

    private static func validate(_ key: String) throws(StorageError) {
        guard !key.isEmpty else { throw StorageError(.invalidArgument, "storage key must not be empty") }
        guard !key.utf8.contains(0) else { throw StorageError(.invalidArgument, "storage key must not contain NUL") }
    }

    /// The index of the first entry whose key is not below `key`.
    private static func lowerBound(_ key: String, in entries: [StorageEntry]) -> Int {
        var low = entries.startIndex
        var high = entries.endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if precedes(entries[middle].key, key) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    private static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    private static func same(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
    }
}
