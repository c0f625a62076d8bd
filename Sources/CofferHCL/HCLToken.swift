/// One lexical token of HCL source.
struct HCLToken: Sendable, Equatable {
    /// What the token is, with its decoded content.
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case string(String)
        case heredoc(String)
        case int(Int64)
        case double(Double)
        case leftBrace
        case rightBrace
        case leftBracket
        case rightBracket
        case equals
        case comma
        case endOfFile
    }

    /// What the token is.
    let kind: Kind
    /// Where the token starts.
    let position: HCLPosition
    /// True when a line break separates this token from the previous one.
    let startsLine: Bool
}

extension HCLToken.Kind {
    /// The text when the token can be a key or a block label: an identifier or a quoted string.
    var keyText: String? {
        switch self {
        case .identifier(let text), .string(let text): text
        default: nil
        }
    }

    /// True when the token can start a value, so it may begin a list element on a new line.
    var beginsValue: Bool {
        switch self {
        case .string, .heredoc, .int, .double, .leftBrace, .leftBracket: true
        case .identifier(let word): word == "true" || word == "false"
        default: false
        }
    }
}

extension HCLToken.Kind: CustomStringConvertible {
    /// The token as an error message names it, such as `"{"` or `identifier "yes"`.
    var description: String {
        switch self {
        case .identifier(let name) where name == "true" || name == "false": "boolean \(name)"
        case .identifier(let name): "identifier \"\(name)\""
        case .string: "a string"
        case .heredoc: "a heredoc"
        case .int(let value): "number \(value)"
        case .double(let value): "number \(value)"
        case .leftBrace: "\"{\""
        case .rightBrace: "\"}\""
        case .leftBracket: "\"[\""
        case .rightBracket: "\"]\""
        case .equals: "\"=\""
        case .comma: "\",\""
        case .endOfFile: "end of file"
        }
    }
}
