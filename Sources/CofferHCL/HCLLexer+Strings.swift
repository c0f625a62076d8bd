extension HCLLexer {
    /// Reads a quoted string on one line, resolving escapes and keeping `${...}` as written.
    mutating func scanString() throws(HCLError) -> String {
        let start = position
        advance()
        var value = ""
        while let c = peek(), c != "\n" {
            switch c {
            case "\"":
                advance()
                return value
            case "\\" where peek(1) != nil && peek(1) != "\n":
                value.unicodeScalars.append(try scanEscape())
            case "$" where peek(1) == "{":
                value += try scanInterpolation()
            default:
                value.unicodeScalars.append(c)
                advance()
            }
        }
        throw HCLError(position: start, message: "unterminated string: close it with a quote on the same line")
    }

    /// Reads a backslash escape; the caller has checked that something other than a line break follows the backslash.
    private mutating func scanEscape() throws(HCLError) -> Unicode.Scalar {
        let start = position
        advance()
        let c = peek()!
        advance()
        switch c {
        case "\"": return "\""
        case "\\": return "\\"
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "u": return try scanUnicodeEscape(digits: 4, at: start)
        case "U": return try scanUnicodeEscape(digits: 8, at: start)
        default:
            throw HCLError(
                position: start,
                message: "unknown escape sequence \"\\\(c)\"; write \"\\\\\" for a backslash"
            )
        }
    }

    private mutating func scanUnicodeEscape(digits count: Int, at start: HCLPosition) throws(HCLError) -> Unicode.Scalar
    {
        let begin = index
        for _ in 0..<count {
            guard peek()?.isHexDigit == true else { break }
            advance()
        }
        let digits = text(from: begin)
        guard digits.unicodeScalars.count == count, let scalar = UInt32(digits, radix: 16).flatMap(Unicode.Scalar.init)
        else {
            let letter = count == 4 ? "u" : "U"
            throw HCLError(
                position: start,
                message: "invalid escape \"\\\(letter)\(digits)\": expected \(count) hex digits naming a Unicode scalar"
            )
        }
        return scalar
    }

    /// Copies `${...}` verbatim, including nested braces and quoted strings inside it.
    private mutating func scanInterpolation() throws(HCLError) -> String {
        let start = position
        let begin = index
        var depth = 0
        var inQuote = false
        while let c = peek(), c != "\n" {
            advance()
            if inQuote {
                if c == "\\", let escaped = peek(), escaped != "\n" {
                    advance()
                } else if c == "\"" {
                    inQuote = false
                }
                continue
            }
            switch c {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return text(from: begin) }
            case "\"": inQuote = true
            default: break
            }
        }
        throw HCLError(position: start, message: "unterminated \"${\" in string: missing closing \"}\" on this line")
    }

    /// Reads `<<MARKER` or `<<-MARKER` and the lines up to the one holding only the marker.
    ///
    /// The value ends with a line break unless it is empty. With `<<-`, the marker line may be
    /// indented and the indentation common to all non-blank lines is removed.
    mutating func scanHeredoc() throws(HCLError) -> String {
        let start = position
        advance()
        advance()
        let indented = peek() == "-"
        if indented { advance() }
        guard peek()?.isIdentifierStart == true else {
            throw HCLError(position: position, message: "expected a heredoc marker such as EOF after \"<<\"")
        }
        let marker = scanIdentifier()
        if peek() == "\r" { advance() }
        guard peek() == "\n" else {
            throw HCLError(position: position, message: "expected a line break after heredoc marker \"\(marker)\"")
        }
        advance()
        var lines: [String] = []
        while peek() != nil {
            let begin = index
            skip { $0 != "\n" }
            var line = text(from: begin)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.trimmingBlanks(leading: indented) == marker { return Self.heredocText(lines, indented: indented) }
            lines.append(line)
            if peek() == "\n" { advance() }
        }
        throw HCLError(position: start, message: "unterminated heredoc: no line \"\(marker)\" ends it")
    }

    private static func heredocText(_ lines: [String], indented: Bool) -> String {
        guard !lines.isEmpty else { return "" }
        guard indented else { return lines.joined(separator: "\n") + "\n" }
        let indent = lines.filter { !$0.trimmingBlanks(leading: true).isEmpty }.map(\.blankPrefixLength).min() ?? 0
        let unindented = lines.map { String(Substring($0.unicodeScalars.dropFirst(min(indent, $0.blankPrefixLength)))) }
        return unindented.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// How many spaces and tabs the string starts with.
    fileprivate var blankPrefixLength: Int {
        unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
    }

    /// The string without trailing spaces and tabs, and without leading ones when `leading`.
    fileprivate func trimmingBlanks(leading: Bool) -> String {
        let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        var view = unicodeScalars[...]
        while let last = view.last, isBlank(last) { view.removeLast() }
        if leading {
            while let first = view.first, isBlank(first) { view.removeFirst() }
        }
        return String(Substring(view))
    }
}
