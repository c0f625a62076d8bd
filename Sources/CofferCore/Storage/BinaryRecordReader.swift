/// Reads a record `BinaryRecordWriter` wrote, field by field in the order written. Every read
/// checks its bounds; a truncated or malformed record throws `BinaryRecordReader.Malformed`.
struct BinaryRecordReader {
    /// The record ended early or held a value out of range.
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var offset: Int

    /// A reader past the version byte, which the caller has checked.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 1
    }

    /// True once every byte was read.
    var isAtEnd: Bool { offset == bytes.count }

    mutating func unsigned() throws(Malformed) -> UInt64 {
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

    mutating func signed() throws(Malformed) -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func byte() throws(Malformed) -> UInt8 {
        guard offset < bytes.count else { throw Malformed() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func string() throws(Malformed) -> String {
        let count = try unsigned()
        guard count <= UInt64(bytes.count - offset) else { throw Malformed() }
        let end = offset + Int(count)
        defer { offset = end }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    mutating func strings() throws(Malformed) -> [String] {
        let count = try unsigned()
        guard count <= UInt64(bytes.count - offset) else { throw Malformed() }
        var values: [String] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count { values.append(try string()) }
        return values
    }
}
