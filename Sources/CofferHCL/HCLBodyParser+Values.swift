extension HCLBodyParser {
    /// Parses a value: string, heredoc, number, `true`, `false`, list or object.
    ///
    /// `expectation` completes "expected ..." in errors; `owner` is the key the value belongs to.
    mutating func parseValue(expecting expectation: String, owner: String) throws(HCLError) -> HCLValue {
        let token = advance()
        switch token.kind {
        case .string(let text), .heredoc(let text): return .string(text)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .identifier("true"): return .bool(true)
        case .identifier("false"): return .bool(false)
        case .leftBracket: return try parseList(openedBy: token, owner: owner)
        case .leftBrace:
            try enter(token)
            let body = try parseBody(closing: Opening(position: token.position, owner: "object \"\(owner)\""))
            leave()
            return .object(body)
        case .identifier(let word):
            throw HCLError(
                position: token.position,
                message: "expected \(expectation), found identifier \"\(word)\"; quote it to make a string"
            )
        default:
            throw HCLError(position: token.position, message: "expected \(expectation), found \(token.kind)")
        }
    }

    /// Parses list elements after `[` up to the matching `]`.
    ///
    /// Elements are separated by commas or line breaks; a trailing comma is allowed.
    private mutating func parseList(openedBy bracket: HCLToken, owner: String) throws(HCLError) -> HCLValue {
        try enter(bracket)
        let list = "list \"\(owner)\""
        var elements: [HCLValue] = []
        while true {
            switch current.kind {
            case .rightBracket:
                _ = advance()
                leave()
                return .list(elements)
            case .endOfFile:
                throw HCLError(
                    position: bracket.position,
                    message: "unclosed \"[\" of \(list): expected \"]\" before end of file"
                )
            default:
                elements.append(try parseValue(expecting: "a value or \"]\" in \(list)", owner: owner))
            }
            switch current.kind {
            case .comma: _ = advance()
            case .rightBracket, .endOfFile: break
            case let kind where current.startsLine && kind.beginsValue: break
            default:
                throw HCLError(
                    position: current.position,
                    message: "expected \",\" or \"]\" after an element of \(list), found \(current.kind)"
                )
            }
        }
    }
}
