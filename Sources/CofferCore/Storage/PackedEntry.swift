import Foundation

/// One in-memory storage entry, its key's UTF-8 bytes and its value in a single allocation.
/// Dev mode holds every token and secret this way; a `String` and an array per entry cost two
/// allocations, each with its own header, and three words in the table rather than one.
final class PackedEntry: ManagedBuffer<PackedEntry.Counts, UInt8> {
    struct Counts {
        let key: UInt32
        let value: UInt32
    }

    /// An entry holding `key` and `value`; both must be under 4 GiB.
    static func make(key: UnsafeRawBufferPointer, value: [UInt8]) -> PackedEntry {
        let counts = Counts(key: UInt32(key.count), value: UInt32(value.count))
        let buffer = create(minimumCapacity: key.count + value.count) { _ in counts }
        buffer.withUnsafeMutablePointerToElements { bytes in
            if let base = key.baseAddress {
                bytes.update(from: base.assumingMemoryBound(to: UInt8.self), count: key.count)
            }
            value.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { (bytes + key.count).update(from: base, count: value.count) }
            }
        }
        return unsafeDowncast(buffer, to: PackedEntry.self)
    }

    /// The key as text.
    var key: String {
        withUnsafeMutablePointers { counts, bytes in
            String(decoding: UnsafeBufferPointer(start: bytes, count: Int(counts.pointee.key)), as: UTF8.self)
        }
    }

    /// A copy of the value.
    var value: [UInt8] {
        withUnsafeMutablePointers { counts, bytes in
            Array(UnsafeBufferPointer(start: bytes + Int(counts.pointee.key), count: Int(counts.pointee.value)))
        }
    }

    /// Calls `body` with the key's UTF-8 bytes.
    func withKey<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeMutablePointers { counts, bytes in
            body(UnsafeRawBufferPointer(start: bytes, count: Int(counts.pointee.key)))
        }
    }

    /// How this entry's key orders against `other`, by bytes as `memcmp` does: negative, zero
    /// or positive.
    func compareKey(to other: UnsafeRawBufferPointer) -> Int {
        withKey { $0.byteOrder(against: other) }
    }

    /// True when the key starts with `prefix`.
    func keyHasPrefix(_ prefix: UnsafeRawBufferPointer) -> Bool {
        withUnsafeMutablePointers { counts, bytes in
            Int(counts.pointee.key) >= prefix.count
                && (prefix.isEmpty || memcmp(bytes, prefix.baseAddress!, prefix.count) == 0)
        }
    }
}
