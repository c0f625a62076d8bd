/// A policy file read as HCL: its items, each with the comment lines before it (lead) and after
/// it on the same line (line comment), and the comments attached to no item.
struct PolicyDocument {
    /// `key = value` or `key "label" { … }`.
    struct Item {
        var keys: [HCLToken]
        var hasEquals: Bool
        var value: Value
        var leadComment: [HCLToken] = []
        var lineComment: [HCLToken] = []
        /// Where the item starts: its first key.
        var start: HCLToken { keys[0] }
    }

    /// A literal, a list of literals, or an object of items.
    indirect enum Value {
        case literal(HCLToken)
        case list(open: HCLToken, elements: [Element])
        case object(open: HCLToken, items: [Item], close: HCLToken)

        /// Where the value starts.
        var start: HCLToken {
            switch self {
            case .literal(let token), .list(let token, _), .object(let token, _, _): return token
            }
        }
    }

    /// A list element and the comment after it on its line.
    struct Element {
        var token: HCLToken
        var lineComment: [HCLToken] = []
    }

    var items: [Item]
    /// Comment groups attached to no item, in source order.
    var standalone: [[HCLToken]]

    /// `source` parsed, or where it stops being HCL.
    init(parsing source: String) throws(PolicySyntaxError) {
        var parser = PolicyParser(try HCLLexer.tokens(source))
        items = try parser.items(until: .end)
        standalone = parser.unattachedGroups()
    }
}

/// A recursive-descent reader of the HCL subset policies use. Comment groups are found first:
/// one on the line of the token before it is that token's line comment; one ending on the line
/// before a token is that token's lead comment.
private struct PolicyParser {
    private let tokens: [HCLToken]
    private var position = 0
    private var groups: [[HCLToken]] = []
    private var leadGroup: [Int: Int] = [:]
    private var lineGroup: [Int: Int] = [:]
    private var attached: Set<Int> = []

    init(_ all: [HCLToken]) {
        tokens = all.filter { $0.kind != .comment }
        var tokenIndex = 0
        var index = 0
        while index < all.count {
            guard all[index].kind == .comment else {
                (tokenIndex, index) = (tokenIndex + 1, index + 1)
                continue
            }
            let previous = tokenIndex > 0 ? tokens[tokenIndex - 1] : nil
            var group: [HCLToken] = []
            var isLine = false
            if let previous, all[index].line == previous.line {
                while all[index].kind == .comment && all[index].line == previous.line {
                    group.append(all[index])
                    index += 1
                }
                isLine = all[index].line != group[group.count - 1].endLine
                if isLine { lineGroup[tokenIndex - 1] = groups.count }
                groups.append(group)
                group = []
            }
            while all[index].kind == .comment {
                if let last = group.last, all[index].line > last.endLine + 1 {
                    groups.append(group)
                    group = []
                }
                group.append(all[index])
                index += 1
            }
            if let last = group.last {
                let next = all[index]
                if last.endLine + 1 == next.line && next.kind != .rightBrace && next.kind != .rightBracket {
                    leadGroup[tokenIndex] = groups.count
                }
                groups.append(group)
            }
        }
    }

    /// The comment groups no item took, in source order.
    func unattachedGroups() -> [[HCLToken]] {
        groups.indices.filter { !attached.contains($0) }.map { groups[$0] }
    }

    /// Items up to (not including) a token of kind `end`.
    mutating func items(until end: HCLToken.Kind) throws(PolicySyntaxError) -> [PolicyDocument.Item] {
        var items: [PolicyDocument.Item] = []
        while tokens[position].kind != end {
            if tokens[position].kind == .end {
                throw PolicySyntaxError(tokens[position], "object expected closing RBRACE got: EOF")
            }
            items.append(try item())
            if tokens[position].kind == .comma { position += 1 }
        }
        return items
    }

    private mutating func item() throws(PolicySyntaxError) -> PolicyDocument.Item {
        let first = position
        var keys: [HCLToken] = []
        while [.identifier, .string].contains(tokens[position].kind) {
            keys.append(tokens[position])
            position += 1
        }
        guard !keys.isEmpty else {
            throw PolicySyntaxError(tokens[position], "expected: IDENT | STRING got: \(tokens[position].kind.rawValue)")
        }
        let hasEquals = tokens[position].kind == .equals
        if hasEquals && keys.count > 1 {
            throw PolicySyntaxError(tokens[position], "nested object expected: LBRACE got: ASSIGN")
        }
        if hasEquals { position += 1 }
        guard hasEquals || tokens[position].kind == .leftBrace else {
            throw PolicySyntaxError(
                tokens[position], "key '\(keys[0].text)' expected start of object ('{') or assignment ('=')")
        }
        var item = PolicyDocument.Item(keys: keys, hasEquals: hasEquals, value: try value())
        item.leadComment = take(leadGroup[first])
        var last = position - 1
        if tokens[position].kind == .comma && tokens[position].line == tokens[last].line { last = position }
        item.lineComment = take(lineGroup[last])
        return item
    }

    private mutating func value() throws(PolicySyntaxError) -> PolicyDocument.Value {
        let open = tokens[position]
        position += 1
        switch open.kind {
        case .string, .number, .identifier:
            return .literal(open)
        case .leftBrace:
            let items = try items(until: .rightBrace)
            position += 1
            return .object(open: open, items: items, close: tokens[position - 1])
        case .leftBracket:
            var elements: [PolicyDocument.Element] = []
            while tokens[position].kind != .rightBracket {
                let token = tokens[position]
                guard [.string, .number, .identifier].contains(token.kind) else {
                    throw PolicySyntaxError(token, "unexpected token while parsing list: \(token.kind.rawValue)")
                }
                position += 1
                var last = position - 1
                if tokens[position].kind == .comma {
                    (last, position) = (position, position + 1)
                } else if tokens[position].kind != .rightBracket {
                    let got = tokens[position]
                    throw PolicySyntaxError(
                        got, "error parsing list, expected comma or list end, got: \(got.kind.rawValue)")
                }
                elements.append(PolicyDocument.Element(token: token, lineComment: take(lineGroup[last])))
            }
            position += 1
            return .list(open: open, elements: elements)
        default:
            throw PolicySyntaxError(open, "Unknown token: \(open.line):\(open.column) \(open.kind.rawValue)")
        }
    }

    /// The comments of group `index`, now attached; empty for none.
    private mutating func take(_ index: Int?) -> [HCLToken] {
        guard let index, !attached.contains(index) else { return [] }
        attached.insert(index)
        return groups[index]
    }
}
