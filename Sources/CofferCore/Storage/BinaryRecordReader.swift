/// Reads a record `BinaryRecordWriter` wrote, field by field in the order written. Every read
/// checks its bounds; a truncated or malformed record throws `BinaryRecordReader.Malformed`.
public struct BinaryRecordReader {
    /// The record ended early or held a value out of range.
    public struct Malformed: Error {
        public init() {}
    }

    private let bytes: [UInt8]
    private var offset: Int

    /// A reader past the version byte, which the caller has checked.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 1
    }

    /// True once every byte was read.
    public var isAtEnd: Bool { offset == bytes.count }

    /// How many bytes are left to read: a bound on how many more fields the record can hold.
    public var remaining: Int { bytes.count - offset }

    public mutating func unsigned() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Malformed() }
            let next = bytes[offset]
            offset += 1
            value |= UInt64(next & 0x7f) << shift
            if next < 0x80 { return value }
            shift += 7
        }
    }

    public mutating func signed() throws(Malformed) -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    public mutating func byte() throws(Malformed) -> UInt8 {
        guard offset < bytes.count else { throw Malformed() }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func string() throws(Malformed) -> String {
        let count = try unsigned()
        guard count <= UInt64(remaining) else { throw Malformed() }
        let end = offset + Int(count)
        defer { offset = end }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    public mutating func strings() throws(Malformed) -> [String] {
        let count = try unsigned()
        guard count <= UInt64(remaining) else { throw Malformed() }
        var values: [String] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count { values.append(try string()) }
        return values
    }

    public mutating func stringMap() throws(Malformed) -> [String: String] {
        let keys = try strings()
        var map: [String: String] = [:]
        map.reserveCapacity(keys.count)
        for key in keys {
            guard map.updateValue(try string(), forKey: key) == nil else { throw Malformed() }
        }
        return map
    }
}
