/// Builds bodies, blocks and attributes from tokens by recursive descent.
///
/// A key may be followed by labels on the same line; then `{` opens a block, and `=` assigns
/// a value (a single key) or opens a block (`type "label" = { ... }`). Items may be separated
/// by line breaks, by commas, or by nothing.
struct HCLBodyParser {
    /// How deep braces and brackets may nest, so hostile input cannot exhaust the stack.
    static let maximumDepth = 100

    /// An open `{` or `[` and what it belongs to, for error messages.
    struct Opening {
        let position: HCLPosition
        let owner: String
    }

    private let tokens: [HCLToken]
    private var index = 0
    private var depth = 0

    init(tokens: [HCLToken]) {
        self.tokens = tokens
    }

    /// The next unread token; `.endOfFile` once everything is read.
    var current: HCLToken { tokens[index] }

    /// Returns the current token and moves past it, staying on `.endOfFile`.
    mutating func advance() -> HCLToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// Parses the whole file as one body.
    mutating func parseFile() throws(HCLError) -> HCLBody {
        try parseBody(closing: nil)
    }

    /// Notes that a `{` or `[` was entered, refusing nesting beyond `maximumDepth`.
    mutating func enter(_ opening: HCLToken) throws(HCLError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw HCLError(position: opening.position, message: "nesting is deeper than \(Self.maximumDepth) levels")
        }
    }

    /// Notes that a `{` or `[` was closed.
    mutating func leave() {
        depth -= 1
    }

    /// Parses items up to the `}` matching `opening`, or to the end of the file when `opening` is nil.
    mutating func parseBody(closing opening: Opening?) throws(HCLError) -> HCLBody {
        var body = HCLBody()
        while true {
            switch current.kind {
            case .endOfFile:
                guard let opening else { return body }
                throw HCLError(
                    position: opening.position,
                    message: "unclosed \"{\" of \(opening.owner): expected \"}\" before end of file"
                )
            case .rightBrace:
                guard opening != nil else {
                    throw HCLError(position: current.position, message: "unexpected \"}\": no block is open")
                }
                _ = advance()
                return body
            case let kind where kind.keyText != nil:
                try parseItem(into: &body)
                if current.kind == .comma { _ = advance() }
            default:
                throw HCLError(
                    position: current.position,
                    message: "expected a key (a name or a quoted string), found \(current.kind)"
                )
            }
        }
    }

    private mutating func parseItem(into body: inout HCLBody) throws(HCLError) {
        let key = advance()
        let name = key.kind.keyText!
        var labels: [HCLToken] = []
        while !current.startsLine, current.kind.keyText != nil {
            labels.append(advance())
        }
        let labelNames = labels.map { $0.kind.keyText! }
        let block = Self.quoted(name, labelNames)
        switch current.kind {
        case .leftBrace:
            body.blocks.append(try parseBlock(type: name, labels: labelNames, at: key.position))
        case .equals where labels.isEmpty:
            _ = advance()
            let value = try parseValue(expecting: "a value for \"\(name)\"", owner: name)
            body.attributes.append(HCLAttribute(name: name, value: value, position: key.position))
        case .equals:
            _ = advance()
            guard current.kind == .leftBrace else {
                let message = "expected \"{\" after \"=\" of block \(block), found \(current.kind)"
                throw HCLError(position: current.position, message: message)
            }
            body.blocks.append(try parseBlock(type: name, labels: labelNames, at: key.position))
        default:
            let missingEquals = "expected \"=\" or \"{\" after key \"\(name)\""
            guard let firstLabel = labels.first else {
                throw HCLError(position: current.position, message: "\(missingEquals), found \(current.kind)")
            }
            // Labels that end the line are far likelier a value missing its "=" than an unfinished block.
            if current.startsLine || current.kind == .endOfFile {
                throw HCLError(position: firstLabel.position, message: "\(missingEquals), found \(firstLabel.kind)")
            }
            throw HCLError(
                position: current.position,
                message: "expected \"{\" after block \(block), found \(current.kind)"
            )
        }
    }

    private mutating func parseBlock(type: String, labels: [String], at position: HCLPosition) throws(HCLError)
        -> HCLBlock
    {
        let brace = advance()
        try enter(brace)
        let owner = "block \(Self.quoted(type, labels))"
        let body = try parseBody(closing: Opening(position: brace.position, owner: owner))
        leave()
        return HCLBlock(type: type, labels: labels, body: body, position: position)
    }

    /// A block's type and labels as messages show them: `"path" "secret/*"`.
    private static func quoted(_ type: String, _ labels: [String]) -> String {
        ([type] + labels).map { "\"\($0)\"" }.joined(separator: " ")
    }
}
