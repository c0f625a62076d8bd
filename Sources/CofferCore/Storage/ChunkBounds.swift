/// The last key of every chunk of `SortedEntries`, copied end to end into one buffer.
///
/// Finding the chunk that holds a key is a binary search over these copies: its probes read one
/// buffer of a few tens of KiB rather than following three pointers each into entries spread
/// over the heap, which with hundreds of thousands of entries cost a cache miss per pointer.
struct ChunkBounds {
    private var bytes: [UInt8] = []
    /// `ends[i]`: where chunk `i`'s last key ends in `bytes`; it starts where the previous one ends.
    private var ends: [Int] = []

    /// The index of the first chunk whose last key is not below `key`; the chunk count if none is.
    func firstChunk(notBelow key: UnsafeRawBufferPointer) -> Int {
        bytes.withUnsafeBytes { all in
            var low = 0
            var high = ends.count
            while low < high {
                let middle = low + (high - low) / 2
                let start = middle == 0 ? 0 : ends[middle - 1]
                if UnsafeRawBufferPointer(rebasing: all[start..<ends[middle]]).byteOrder(against: key) < 0 {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            return low
        }
    }

    /// Records `entry`'s key as the last key of a new chunk at `index`.
    mutating func insert(_ entry: PackedEntry, at index: Int) {
        let start = index == 0 ? 0 : ends[index - 1]
        let count = entry.withKey { key in
            bytes.insert(contentsOf: key, at: start)
            return key.count
        }
        ends.insert(start, at: index)
        for later in index..<ends.count { ends[later] += count }
    }

    /// Records `entry`'s key as the new last key of chunk `index`.
    mutating func replace(at index: Int, with entry: PackedEntry) {
        let start = index == 0 ? 0 : ends[index - 1]
        let change = entry.withKey { key in
            bytes.replaceSubrange(start..<ends[index], with: key)
            return key.count - (ends[index] - start)
        }
        for later in index..<ends.count { ends[later] += change }
    }

    /// Forgets chunk `index`.
    mutating func remove(at index: Int) {
        let start = index == 0 ? 0 : ends[index - 1]
        let count = ends[index] - start
        bytes.removeSubrange(start..<ends[index])
        ends.remove(at: index)
        for later in index..<ends.count { ends[later] -= count }
    }
}
