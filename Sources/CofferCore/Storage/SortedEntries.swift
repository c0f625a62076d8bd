import Foundation

/// Storage entries in key order (keys compared by their UTF-8 bytes), held in chunks of bounded
/// size, so an insert or a removal moves at most one chunk of entries rather than the whole store.
struct SortedEntries {
    /// Where an entry sits; `end` is past the last entry.
    struct Position {
        fileprivate var chunk: Int
        fileprivate var index: Int
    }

    private static let chunkLimit = 512
    /// Non-empty, each sorted, and every key of a chunk below every key of the next.
    private var chunks: [[StorageEntry]] = []

    var end: Position { Position(chunk: chunks.count, index: 0) }

    /// The position of the first entry whose key is not below `key`.
    func lowerBound(_ key: String) -> Position {
        var low = 0
        var high = chunks.count
        while low < high {
            let middle = low + (high - low) / 2
            if Self.precedes(chunks[middle][chunks[middle].count - 1].key, key) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < chunks.count else { return end }
        return Position(chunk: low, index: Self.lowerBound(key, in: chunks[low]))
    }

    /// The entry at `position`, nil at the end.
    func entry(at position: Position) -> StorageEntry? {
        position.chunk < chunks.count ? chunks[position.chunk][position.index] : nil
    }

    /// The position after `position`.
    func position(after position: Position) -> Position {
        position.index + 1 < chunks[position.chunk].count
            ? Position(chunk: position.chunk, index: position.index + 1)
            : Position(chunk: position.chunk + 1, index: 0)
    }

    /// The value at `key`, or nil.
    func value(_ key: String) -> [UInt8]? {
        guard let found = entry(at: lowerBound(key)), Self.same(found.key, key) else { return nil }
        return found.value
    }

    /// Stores `value` at `key`, replacing what was there.
    mutating func put(_ key: String, _ value: [UInt8]) {
        let position = lowerBound(key)
        if position.chunk == chunks.count {
            if chunks.isEmpty || chunks[chunks.count - 1].count >= Self.chunkLimit {
                chunks.append([StorageEntry(key: key, value: value)])
            } else {
                chunks[chunks.count - 1].append(StorageEntry(key: key, value: value))
            }
            return
        }
        if Self.same(chunks[position.chunk][position.index].key, key) {
            chunks[position.chunk][position.index].value = value
            return
        }
        chunks[position.chunk].insert(StorageEntry(key: key, value: value), at: position.index)
        if chunks[position.chunk].count > Self.chunkLimit {
            let upper = Array(chunks[position.chunk][(Self.chunkLimit / 2)...])
            chunks[position.chunk].removeLast(upper.count)
            chunks.insert(upper, at: position.chunk + 1)
        }
    }

    /// Removes `key`; nothing happens when it is absent.
    mutating func remove(_ key: String) {
        let position = lowerBound(key)
        guard position.chunk < chunks.count, Self.same(chunks[position.chunk][position.index].key, key) else {
            return
        }
        chunks[position.chunk].remove(at: position.index)
        if chunks[position.chunk].isEmpty { chunks.remove(at: position.chunk) }
    }

    private static func lowerBound(_ key: String, in entries: [StorageEntry]) -> Int {
        var low = 0
        var high = entries.count
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

    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        compare(lhs, rhs) < 0
    }

    static func same(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && compare(lhs, rhs) == 0
    }

    /// The order of two keys' UTF-8 bytes: negative, zero or positive, as `memcmp` answers.
    private static func compare(_ lhs: String, _ rhs: String) -> Int {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                let shared = min(left.count, right.count)
                if shared > 0 {
                    let order = memcmp(left.baseAddress!, right.baseAddress!, shared)
                    if order != 0 { return Int(order) }
                }
                return left.count - right.count
            }
        }
    }
}
