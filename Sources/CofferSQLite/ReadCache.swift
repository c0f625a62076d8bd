import CofferCore

/// Recently read or written entries of a `SQLiteStorage`, present or absent, so that repeated
/// reads of the same keys skip the database and the hop to its connection's queue. Values are the
/// bytes as stored, which behind the barrier are ciphertext.
///
/// The owning actor applies each committed transaction in commit order, so the cache never
/// disagrees with the file. A read that missed fills the cache only if no commit happened while
/// it read. The cache is bounded by the bytes of its keys and values; when it grows past the
/// bound, it keeps every other entry (`Dictionary.halved`).
struct ReadCache {
    /// What the cache knows of a key: its value, or that it is absent.
    struct Known {
        let value: [UInt8]?
    }

    /// A key by its UTF-8 bytes: Swift strings compare by canonical equivalence, storage keys
    /// by bytes, so `é` and `e` with a combining accent are two keys here as in the file.
    private struct ByteKey: Hashable {
        let bytes: [UInt8]

        init(_ key: String) { bytes = Array(key.utf8) }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    let capacity: Int
    private var entries: [ByteKey: Known] = [:]
    private var size = 0
    /// Counts commits; a read that missed remembers it, to fill the cache only if it did not move.
    private(set) var generation: UInt64 = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    func lookup(_ key: String) -> Known? {
        entries[ByteKey(key)]
    }

    /// Remembers what a read found, unless a commit happened since it began at `readGeneration`.
    mutating func fill(_ key: String, _ value: [UInt8]?, readAt readGeneration: UInt64) {
        guard readGeneration == generation else { return }
        remember(key, value)
    }

    /// Applies a committed transaction. A deleted key is forgotten rather than remembered as
    /// absent: a mass revocation deletes keys nobody reads again, and would otherwise fill the
    /// cache with them.
    mutating func apply(_ operations: [StorageOperation]) {
        generation &+= 1
        for operation in operations {
            switch operation {
            case .put(let key, let value): remember(key, value)
            case .delete(let key): forget(key)
            }
        }
    }

    /// Forgets everything, for when the file's state is uncertain.
    mutating func clear() {
        generation &+= 1
        entries.removeAll()
        size = 0
    }

    private mutating func remember(_ key: String, _ value: [UInt8]?) {
        let byteKey = ByteKey(key)
        if let old = entries.updateValue(Known(value: value), forKey: byteKey) {
            size -= Self.cost(byteKey, old.value)
        }
        size += Self.cost(byteKey, value)
        if size > capacity { dropHalf() }
    }

    private mutating func forget(_ key: String) {
        let byteKey = ByteKey(key)
        if let old = entries.removeValue(forKey: byteKey) { size -= Self.cost(byteKey, old.value) }
    }

    private mutating func dropHalf() {
        entries = entries.halved()
        size = entries.reduce(0) { $0 + Self.cost($1.key, $1.value.value) }
    }

    private static func cost(_ key: ByteKey, _ value: [UInt8]?) -> Int {
        key.bytes.count + (value?.count ?? 0) + 64
    }
}
