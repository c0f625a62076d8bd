import CofferHCL

extension PolicyJSONReader {
    /// A quoted JSON string with its escapes resolved; the reader stands on the opening quote.
    mutating func string() throws(PolicyError) -> String {
        let start = position
        advance()
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = current else { throw .syntax("unterminated string", at: start) }
            switch scalar {
            case "\"":
                advance()
                return String(result)
            case "\\":
                let escapePosition = position
                advance()
                result.append(try escape(at: escapePosition))
            case let control where control.value < 0x20:
                throw .syntax("control character U+\(Self.hex(control.value)) in a string", at: position)
            default:
                result.append(scalar)
                advance()
            }
        }
    }

    private mutating func escape(at start: HCLPosition) throws(PolicyError) -> Unicode.Scalar {
        guard let scalar = current else { throw .syntax("unterminated string", at: start) }
        advance()
        switch scalar {
        case "\"", "\\", "/": return scalar
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "u": return try unicodeEscape(at: start)
        default: throw .syntax("invalid escape \"\\\(Character(scalar))\"", at: start)
        }
    }

    /// `\uXXXX`, or a `\uD8xx\uDCxx` surrogate pair; the reader stands after the `u`.
    private mutating func unicodeEscape(at start: HCLPosition) throws(PolicyError) -> Unicode.Scalar {
        let first = try hexQuad(at: start)
        if (0xD800...0xDBFF).contains(first) {
            guard current == "\\" else { throw .syntax("unpaired surrogate in \\u escape", at: start) }
            advance()
            guard current == "u" else { throw .syntax("unpaired surrogate in \\u escape", at: start) }
            advance()
            let second = try hexQuad(at: start)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw .syntax("unpaired surrogate in \\u escape", at: start)
            }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(first) else { throw .syntax("unpaired surrogate in \\u escape", at: start) }
        return scalar
    }

    private mutating func hexQuad(at start: HCLPosition) throws(PolicyError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let scalar = current, let digit = Self.hexDigit(scalar) else {
                throw .syntax("\\u must be followed by four hexadecimal digits", at: start)
            }
            value = value << 4 | digit
            advance()
        }
        return value
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f": scalar.value - 0x61 + 10
        case "A"..."F": scalar.value - 0x41 + 10
        default: nil
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
