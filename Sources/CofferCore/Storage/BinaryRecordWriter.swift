/// Builds a compact binary record: variable-length integers (LEB128, zig-zag for signed) and
/// length-prefixed UTF-8 strings. `BinaryRecordReader` reads what it writes, in the same order.
public struct BinaryRecordWriter {
    public private(set) var bytes: [UInt8]

    /// A record whose first byte is `version`.
    public init(version: UInt8, capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(version)
    }

    public mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    public mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    public mutating func string(_ value: String) {
        unsigned(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    public mutating func strings(_ values: [String]) {
        unsigned(UInt64(values.count))
        for value in values { string(value) }
    }

    /// A map as its keys in order, then their values.
    public mutating func stringMap(_ map: [String: String]) {
        let keys = map.keys.sorted()
        strings(keys)
        for key in keys { string(map[key]!) }
    }
}
