/// Splits HCL source into tokens, dropping whitespace and comments.
struct HCLLexer {
    private let scalars: [Unicode.Scalar]
    private(set) var index = 0
    private var line = 1
    private var column = 1

    private init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
    }

    /// Every token of `text`, ending with `.endOfFile`.
    static func tokens(of text: String) throws(HCLError) -> [HCLToken] {
        var lexer = HCLLexer(text)
        var tokens: [HCLToken] = []
        repeat {
            tokens.append(try lexer.nextToken())
        } while tokens.last?.kind != .endOfFile
        return tokens
    }

    /// Where the next unread scalar is.
    var position: HCLPosition { HCLPosition(line: line, column: column) }

    /// The scalar `offset` places ahead of the next unread one, nil past the end.
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    /// Consumes one scalar, keeping line and column up to date.
    mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func nextToken() throws(HCLError) -> HCLToken {
        let startsLine = try skipTrivia()
        let start = position
        guard let c = peek() else { return HCLToken(kind: .endOfFile, position: start, startsLine: startsLine) }
        let kind: HCLToken.Kind
        switch c {
        case "{": kind = punctuation(.leftBrace)
        case "}": kind = punctuation(.rightBrace)
        case "[": kind = punctuation(.leftBracket)
        case "]": kind = punctuation(.rightBracket)
        case "=": kind = punctuation(.equals)
        case ",": kind = punctuation(.comma)
        case "\"": kind = .string(try scanString())
        case "<" where peek(1) == "<": kind = .heredoc(try scanHeredoc())
        case "-" where peek(1)?.isDigit == true: kind = try scanNumber()
        case _ where c.isDigit: kind = try scanNumber()
        case _ where c.isIdentifierStart: kind = .identifier(scanIdentifier())
        default: throw HCLError(position: start, message: "unexpected character \"\(c)\"")
        }
        return HCLToken(kind: kind, position: start, startsLine: startsLine)
    }

    private mutating func punctuation(_ kind: HCLToken.Kind) -> HCLToken.Kind {
        advance()
        return kind
    }

    /// Skips whitespace and comments; true when a line break was among them.
    private mutating func skipTrivia() throws(HCLError) -> Bool {
        let startLine = line
        while let c = peek() {
            switch c {
            case " ", "\t", "\r", "\n": advance()
            case "#": skipToEndOfLine()
            case "/" where peek(1) == "/": skipToEndOfLine()
            case "/" where peek(1) == "*": try skipBlockComment()
            default: return line > startLine
            }
        }
        return line > startLine
    }

    private mutating func skipToEndOfLine() {
        while let c = peek(), c != "\n" { advance() }
    }

    private mutating func skipBlockComment() throws(HCLError) {
        let start = position
        advance()
        advance()
        while peek() != nil {
            if peek() == "*", peek(1) == "/" {
                advance()
                advance()
                return
            }
            advance()
        }
        throw HCLError(position: start, message: "unterminated comment: \"/*\" has no closing \"*/\"")
    }

    /// Reads letters, digits, `_`, `-` and `.` from an identifier start.
    mutating func scanIdentifier() -> String {
        let start = index
        skip(while: \.isIdentifierPart)
        return text(from: start)
    }

    /// Consumes scalars while `accept` holds.
    mutating func skip(while accept: (Unicode.Scalar) -> Bool) {
        while let c = peek(), accept(c) { advance() }
    }

    /// The source text from scalar offset `start` up to the next unread scalar.
    func text(from start: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<index]))
    }
}

extension Unicode.Scalar {
    /// An ASCII decimal digit.
    var isDigit: Bool { ("0"..."9").contains(self) }

    /// An ASCII hexadecimal digit.
    var isHexDigit: Bool { isDigit || ("a"..."f").contains(self) || ("A"..."F").contains(self) }

    /// A letter or `_`: what may begin an identifier.
    var isIdentifierStart: Bool { self == "_" || properties.isAlphabetic }

    /// What may continue an identifier: a start scalar, a digit, `-` or `.`.
    var isIdentifierPart: Bool { isIdentifierStart || isDigit || self == "-" || self == "." }
}
