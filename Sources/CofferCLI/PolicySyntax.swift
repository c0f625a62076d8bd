/// Why a policy file could not be read as HCL, with the line and column where reading stopped.
struct PolicySyntaxError: Error, Equatable, CustomStringConvertible {
    /// The problem, as HCL words it: `At 3:1: unexpected token while parsing list: EOF`.
    let description: String

    init(_ token: HCLToken, _ problem: String) {
        description = "At \(token.line):\(token.column): \(problem)"
    }
}

/// One token of HCL source: its kind, its text as written and where it starts.
struct HCLToken: Equatable {
    /// What a token is; the raw values are the names HCL's errors use.
    enum Kind: String {
        case identifier = "IDENT", string = "STRING", number = "NUMBER", comment = "COMMENT"
        case leftBrace = "LBRACE", rightBrace = "RBRACE", leftBracket = "LBRACK", rightBracket = "RBRACK"
        case equals = "ASSIGN", comma = "COMMA", end = "EOF"
    }

    let kind: Kind
    let text: String
    /// The position of its first character among the source's Unicode scalars.
    let offset: Int
    let line: Int
    let column: Int
    /// The line of its last character (differs from `line` only for a `/* … */` comment).
    let endLine: Int
}

/// Splits HCL source into tokens, comments included: `#` and `//` to the end of the line and
/// `/* … */`; strings in double quotes, numbers, identifiers, and `{ } [ ] = ,`.
enum HCLLexer {
    /// The tokens of `source`, ending with an `end` token.
    static func tokens(_ source: String) throws(PolicySyntaxError) -> [HCLToken] {
        let scalars = Array(source.unicodeScalars)
        var tokens: [HCLToken] = []
        var index = 0
        var line = 1
        var lineStart = 0
        func scalar(_ at: Int) -> Unicode.Scalar? { at < scalars.count ? scalars[at] : nil }
        while index <= scalars.count {
            let start = index
            let (startLine, column) = (line, index - lineStart + 1)
            func token(_ kind: HCLToken.Kind, to end: Int) -> HCLToken {
                var text = String(String.UnicodeScalarView(scalars[start..<end]))
                if kind == .comment, text.hasByteSuffix("\r") { text.removeLast() }
                return HCLToken(kind: kind, text: text, offset: start, line: startLine, column: column, endLine: line)
            }
            guard let current = scalar(index) else {
                tokens.append(token(.end, to: index))
                break
            }
            switch current {
            case "\n":
                index += 1
                (line, lineStart) = (line + 1, index)
            case " ", "\t", "\r":
                index += 1
            case "#",
                "/" where scalar(index + 1) == "/":
                while let next = scalar(index), next != "\n" { index += 1 }
                tokens.append(token(.comment, to: index))
            case "/" where scalar(index + 1) == "*":
                index += 2
                while index < scalars.count && !(scalars[index] == "*" && scalar(index + 1) == "/") {
                    if scalars[index] == "\n" { (line, lineStart) = (line + 1, index + 1) }
                    index += 1
                }
                guard index < scalars.count else {
                    throw PolicySyntaxError(token(.comment, to: index), "comment not terminated")
                }
                index += 2
                tokens.append(token(.comment, to: index))
            case "\"":
                index += 1
                while let next = scalar(index), next != "\"" {
                    if next == "\n" { break }
                    index += next == "\\" ? 2 : 1
                }
                guard scalar(index) == "\"" else {
                    throw PolicySyntaxError(token(.string, to: index), "literal not terminated")
                }
                index += 1
                tokens.append(token(.string, to: index))
            case "{", "}", "[", "]", "=", ",":
                let kinds: [Unicode.Scalar: HCLToken.Kind] = [
                    "{": .leftBrace, "}": .rightBrace, "[": .leftBracket, "]": .rightBracket, "=": .equals,
                    ",": .comma,
                ]
                index += 1
                tokens.append(token(kinds[current] ?? .comma, to: index))
            case "0"..."9", "-":
                index += 1
                while let next = scalar(index),
                    next.properties.isAlphabetic || "0123456789.+-".unicodeScalars.contains(next)
                {
                    index += 1
                }
                tokens.append(token(.number, to: index))
            case _ where current.properties.isAlphabetic || current == "_":
                while let next = scalar(index),
                    next.properties.isAlphabetic || next == "_" || next == "-" || next == "."
                        || ("0"..."9").contains(next)
                {
                    index += 1
                }
                tokens.append(token(.identifier, to: index))
            default:
                throw PolicySyntaxError(token(.end, to: index), "illegal char \"\(current)\"")
            }
        }
        return tokens
    }
}
