extension HCLLexer {
    /// Reads an integer (decimal, `0x` hexadecimal, `0`-prefixed octal) or a float, optionally negative.
    mutating func scanNumber() throws(HCLError) -> HCLToken.Kind {
        let start = position
        let begin = index
        if peek() == "-" { advance() }
        let isHex = peek() == "0" && (peek(1) == "x" || peek(1) == "X")
        var isFloat = false
        if isHex {
            advance()
            advance()
            skip(while: \.isHexDigit)
        } else {
            skip(while: \.isDigit)
            if peek() == ".", peek(1)?.isDigit == true {
                isFloat = true
                advance()
                skip(while: \.isDigit)
            }
            if peek() == "e" || peek() == "E" {
                let signed = peek(1) == "+" || peek(1) == "-"
                if peek(signed ? 2 : 1)?.isDigit == true {
                    isFloat = true
                    advance()
                    if signed { advance() }
                    skip(while: \.isDigit)
                }
            }
        }
        let literal = text(from: begin)
        skip(while: \.isIdentifierPart)
        let written = text(from: begin)
        guard written == literal else {
            throw HCLError(position: start, message: "invalid number \"\(written)\"; quote it to make a string")
        }
        return try Self.number(literal, isHex: isHex, isFloat: isFloat, at: start)
    }

    private static func number(
        _ literal: String,
        isHex: Bool,
        isFloat: Bool,
        at start: HCLPosition
    ) throws(HCLError) -> HCLToken.Kind {
        let outOfRange = HCLError(position: start, message: "number \(literal) is out of range")
        if isFloat {
            guard let value = Double(literal), value.isFinite else { throw outOfRange }
            return .double(value)
        }
        let sign = literal.hasPrefix("-") ? "-" : ""
        let unsigned = literal.dropFirst(sign.count)
        let digits: Substring
        let radix: Int
        if isHex {
            (digits, radix) = (unsigned.dropFirst(2), 16)
        } else if unsigned.count > 1, unsigned.hasPrefix("0") {
            (digits, radix) = (unsigned.dropFirst(), 8)
        } else {
            (digits, radix) = (unsigned, 10)
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.hexDigitValue.map { $0 < radix } ?? false }) else {
            let kind = radix == 8 ? "octal number" : "number"
            throw HCLError(position: start, message: "invalid \(kind) \"\(literal)\"; quote it to make a string")
        }
        guard let value = Int64(sign + digits, radix: radix) else { throw outOfRange }
        return .int(value)
    }
}
