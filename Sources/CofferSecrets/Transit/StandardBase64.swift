/// Decodes standard, padded base64 as the reference server does, reporting where bad input starts
/// (`illegal base64 data at input byte N`). Line breaks are skipped; unused trailing bits are ignored.
enum StandardBase64 {
    /// The offset of the first byte that could not be decoded.
    struct Failure: Error, Sendable, Equatable {
        let offset: Int
        var message: String { "illegal base64 data at input byte \(offset)" }
    }

    static func decode(_ text: String) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count / 4 * 3)
        var quantum: UInt32 = 0
        var filled = 0
        var quantumStart = 0
        var padding = 0
        for (offset, byte) in text.utf8.enumerated() {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { continue }
            if filled == 0 && padding == 0 { quantumStart = offset }
            if byte == UInt8(ascii: "=") {
                guard filled >= 2, filled + padding < 4 else { throw Failure(offset: offset) }
                padding += 1
                continue
            }
            guard padding == 0, let value = sextet(byte) else { throw Failure(offset: offset) }
            quantum = quantum << 6 | UInt32(value)
            filled += 1
            if filled == 4 {
                output += [UInt8(quantum >> 16 & 0xff), UInt8(quantum >> 8 & 0xff), UInt8(quantum & 0xff)]
                quantum = 0
                filled = 0
            }
        }
        if padding > 0 {
            guard filled + padding == 4 else { throw Failure(offset: quantumStart) }
            quantum <<= UInt32(6 * padding)
            output.append(UInt8(quantum >> 16 & 0xff))
            if filled == 3 { output.append(UInt8(quantum >> 8 & 0xff)) }
        } else if filled > 0 {
            throw Failure(offset: quantumStart)
        }
        return output
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
