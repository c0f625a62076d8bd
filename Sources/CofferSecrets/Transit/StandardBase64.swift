import CofferCore

/// Encodes standard, padded base64, and decodes it as the reference server does, reporting where
/// bad input starts (`illegal base64 data at input byte N`). Line breaks are skipped; unused
/// trailing bits are ignored.
enum StandardBase64 {
    /// The offset of the first byte that could not be decoded.
    struct Failure: Error, Sendable, Equatable {
        let offset: Int
        var message: String { "illegal base64 data at input byte \(offset)" }
    }

    /// `prefix` followed by the padded base64 of `bytes`, made as one string.
    static func encode(_ bytes: [UInt8], after prefix: String = "") -> String {
        bytes.withUnsafeBytes { Base64Text.make($0, after: prefix, alphabet: Base64Text.standardAlphabet, padded: true) }
    }

    static func decode(_ text: String) throws(Failure) -> [UInt8] {
        var text = text
        var output: [UInt8] = []
        let failedAt = text.withUTF8 { bytes in decode(bytes, into: &output) }
        if let failedAt { throw Failure(offset: failedAt) }
        return output
    }

    /// Appends the decoded `bytes` to `output`; the offset of the first bad byte, or nil.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Int? {
        output.reserveCapacity(bytes.count / 4 * 3)
        var quantum: UInt32 = 0
        var filled = 0
        var quantumStart = 0
        var padding = 0
        for offset in 0..<bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { continue }
            if filled == 0 && padding == 0 { quantumStart = offset }
            if byte == UInt8(ascii: "=") {
                guard filled >= 2, filled + padding < 4 else { return offset }
                padding += 1
                continue
            }
            guard padding == 0, let value = sextet(byte) else { return offset }
            quantum = quantum << 6 | UInt32(value)
            filled += 1
            if filled == 4 {
                output.append(UInt8(truncatingIfNeeded: quantum >> 16))
                output.append(UInt8(truncatingIfNeeded: quantum >> 8))
                output.append(UInt8(truncatingIfNeeded: quantum))
                quantum = 0
                filled = 0
            }
        }
        if padding > 0 {
            guard filled + padding == 4 else { return quantumStart }
            quantum <<= UInt32(6 * padding)
            output.append(UInt8(truncatingIfNeeded: quantum >> 16))
            if filled == 3 { output.append(UInt8(truncatingIfNeeded: quantum >> 8)) }
        } else if filled > 0 {
            return quantumStart
        }
        return nil
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
