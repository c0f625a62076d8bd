/// One chunk of `SortedEntries`: entries in key order, each beside the eight bytes of its key
/// that follow the prefix every key of the chunk shares.
///
/// A binary search compares those inline words and reads an entry only when two words tie, so
/// most probes stay in the chunk's own array instead of chasing a pointer into the heap. Keys
/// hold no NUL byte, so padding a short key's word with zeros keeps the words in key order.
struct EntryChunk {
    private struct Slot {
        var head: UInt64
        var entry: PackedEntry
    }

    private var slots: [Slot]
    /// How many leading bytes all keys of the chunk share; the heads are read from there.
    private var shared: Int

    /// A chunk of `entries`, which must be in key order and not empty.
    init(_ entries: some Collection<PackedEntry>) {
        slots = entries.map { Slot(head: 0, entry: $0) }
        shared = 0
        rebuildHeads()
    }

    var count: Int { slots.count }

    subscript(index: Int) -> PackedEntry { slots[index].entry }

    /// The index of the first entry whose key is not below `key`.
    func lowerBound(_ key: UnsafeRawBufferPointer) -> Int {
        if shared > 0 {
            let order = slots[0].entry.withKey { first in
                UnsafeRawBufferPointer(rebasing: key.prefix(shared))
                    .byteOrder(against: UnsafeRawBufferPointer(rebasing: first.prefix(shared)))
            }
            if order < 0 { return 0 }
            if order > 0 { return slots.count }
        }
        let target = Self.head(of: key, from: shared)
        var low = 0
        var high = slots.count
        while low < high {
            let middle = low + (high - low) / 2
            let head = slots[middle].head
            let below = head == target ? slots[middle].entry.compareKey(to: key) < 0 : head < target
            if below {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// Inserts `entry` at `index`, its place in key order.
    mutating func insert(_ entry: PackedEntry, at index: Int) {
        let atAnEnd = index == 0 || index == slots.count
        slots.insert(Slot(head: entry.withKey { Self.head(of: $0, from: shared) }, entry: entry), at: index)
        if atAnEnd && Self.sharedPrefix(slots[0].entry, slots[slots.count - 1].entry) != shared {
            rebuildHeads()
        }
    }

    /// Puts `entry` in place of the entry at `index`, which has the same key.
    mutating func replace(at index: Int, with entry: PackedEntry) {
        slots[index].entry = entry
    }

    /// Removes the entry at `index`. The remaining keys still share the prefix, so heads stay.
    mutating func remove(at index: Int) {
        slots.remove(at: index)
    }

    /// The first and second half of this chunk, each with its own, usually longer, shared prefix.
    func halves() -> (EntryChunk, EntryChunk) {
        let middle = slots.count / 2
        return (EntryChunk(slots[..<middle].map(\.entry)), EntryChunk(slots[middle...].map(\.entry)))
    }

    private mutating func rebuildHeads() {
        shared = Self.sharedPrefix(slots[0].entry, slots[slots.count - 1].entry)
        for index in slots.indices {
            slots[index].head = slots[index].entry.withKey { Self.head(of: $0, from: shared) }
        }
    }

    /// The eight bytes of `key` from `offset` as a big-endian word, zeros past its end.
    private static func head(of key: UnsafeRawBufferPointer, from offset: Int) -> UInt64 {
        var word: UInt64 = 0
        for position in offset..<(offset + 8) {
            word = word << 8 | UInt64(position < key.count ? key[position] : 0)
        }
        return word
    }

    private static func sharedPrefix(_ first: PackedEntry, _ last: PackedEntry) -> Int {
        first.withKey { a in
            last.withKey { b in
                var length = 0
                while length < a.count && length < b.count && a[length] == b[length] { length += 1 }
                return length
            }
        }
    }
}
