/// Storage entries in key order (keys compared by their UTF-8 bytes), held in chunks of bounded
/// size, so an insert or a removal moves at most one chunk of entries rather than the whole store.
struct SortedEntries {
    /// Where an entry sits; `end` is past the last entry.
    struct Position {
        fileprivate var chunk: Int
        fileprivate var index: Int
    }

    /// Split chunks are copied to arrays of their own size, so a half-empty chunk does not keep
    /// the capacity its full predecessor grew to.
    private static let chunkLimit = 512
    /// Non-empty, each sorted, and every key of a chunk below every key of the next.
    private var chunks: [EntryChunk] = []
    /// A copy of each chunk's last key, kept in step with `chunks`.
    private var bounds = ChunkBounds()

    var end: Position { Position(chunk: chunks.count, index: 0) }

    /// The position of the first entry whose key is not below `key`.
    func lowerBound(_ key: String) -> Position {
        Self.withBytes(key) { lowerBound($0) }
    }

    /// The entry at `position`, nil at the end.
    func entry(at position: Position) -> PackedEntry? {
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
        Self.withBytes(key) { key in
            guard let found = entry(at: lowerBound(key)), found.compareKey(to: key) == 0 else { return nil }
            return found.value
        }
    }

    /// Stores `value` at `key`, replacing what was there.
    mutating func put(_ key: String, _ value: [UInt8]) {
        Self.withBytes(key) { key in
            let entry = PackedEntry.make(key: key, value: value)
            let position = lowerBound(key)
            if position.chunk == chunks.count {
                if chunks.isEmpty || chunks[chunks.count - 1].count >= Self.chunkLimit {
                    chunks.append(EntryChunk([entry]))
                    bounds.insert(entry, at: chunks.count - 1)
                } else {
                    chunks[chunks.count - 1].insert(entry, at: chunks[chunks.count - 1].count)
                    bounds.replace(at: chunks.count - 1, with: entry)
                }
                return
            }
            if chunks[position.chunk][position.index].compareKey(to: key) == 0 {
                chunks[position.chunk].replace(at: position.index, with: entry)
                return
            }
            chunks[position.chunk].insert(entry, at: position.index)
            if chunks[position.chunk].count > Self.chunkLimit {
                let (firstHalf, secondHalf) = chunks[position.chunk].halves()
                chunks[position.chunk] = firstHalf
                chunks.insert(secondHalf, at: position.chunk + 1)
                bounds.insert(firstHalf[firstHalf.count - 1], at: position.chunk)
            }
        }
    }

    /// Removes `key`; nothing happens when it is absent.
    mutating func remove(_ key: String) {
        Self.withBytes(key) { key in
            let position = lowerBound(key)
            guard position.chunk < chunks.count, chunks[position.chunk][position.index].compareKey(to: key) == 0 else {
                return
            }
            chunks[position.chunk].remove(at: position.index)
            if chunks[position.chunk].count == 0 {
                chunks.remove(at: position.chunk)
                bounds.remove(at: position.chunk)
            } else if position.index == chunks[position.chunk].count {
                bounds.replace(at: position.chunk, with: chunks[position.chunk][position.index - 1])
            }
        }
    }

    /// Calls `body` with the UTF-8 bytes of `key`.
    static func withBytes<Result>(_ key: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var key = key
        return key.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    private func lowerBound(_ key: UnsafeRawBufferPointer) -> Position {
        let chunk = bounds.firstChunk(notBelow: key)
        guard chunk < chunks.count else { return end }
        return Position(chunk: chunk, index: chunks[chunk].lowerBound(key))
    }
}
