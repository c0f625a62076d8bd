import CofferHCL

/// Reads a JSON policy into the body an HCL policy gives, keeping the line and column of every key,
/// so one interpreter serves both forms and JSON errors point into the text too.
struct PolicyJSONReader {
    /// How deep objects and arrays may nest, so hostile input cannot exhaust the stack.
    static let maximumDepth = 100

    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 1
    private var depth = 0

    private init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// The top-level object of `text` as an HCL body; a syntax error carries its line and column.
    static func body(of text: String) throws(PolicyError) -> HCLBody {
        var reader = PolicyJSONReader(text)
        reader.skipWhitespace()
        let start = reader.position
        guard case .object(let body) = try reader.value() else {
            throw .syntax("a JSON policy must be an object", at: start)
        }
        reader.skipWhitespace()
        if reader.index < reader.scalars.count {
            throw .syntax("unexpected \(reader.describeCurrent()) after the policy object", at: reader.position)
        }
        return body
    }

    var position: HCLPosition { HCLPosition(line: line, column: column) }

    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let scalar = current, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            advance()
        }
    }

    private func describeCurrent() -> String {
        guard let scalar = current else { return "end of text" }
        return "\"\(Character(scalar))\""
    }

    private mutating func expect(_ scalar: Unicode.Scalar, _ what: String) throws(PolicyError) {
        skipWhitespace()
        guard current == scalar else { throw .syntax("expected \(what), found \(describeCurrent())", at: position) }
        advance()
    }

    private mutating func value() throws(PolicyError) -> HCLValue {
        skipWhitespace()
        let start = position
        switch current {
        case "{": return .object(try object())
        case "[": return .list(try array())
        case "\"": return .string(try string())
        case "t":
            try literal("true", at: start)
            return .bool(true)
        case "f":
            try literal("false", at: start)
            return .bool(false)
        case "n": throw .syntax("null is not a valid policy value", at: start)
        case let scalar? where scalar == "-" || ("0"..."9").contains(scalar): return try number()
        default: throw .syntax("expected a value, found \(describeCurrent())", at: start)
        }
    }

    private mutating func nest(at start: HCLPosition) throws(PolicyError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw .syntax("nesting is deeper than \(Self.maximumDepth) levels", at: start)
        }
    }

    private mutating func object() throws(PolicyError) -> HCLBody {
        try nest(at: position)
        advance()
        var attributes: [HCLAttribute] = []
        skipWhitespace()
        if current == "}" {
            advance()
        } else {
            while true {
                skipWhitespace()
                let keyPosition = position
                guard current == "\"" else {
                    throw .syntax("expected a quoted key, found \(describeCurrent())", at: keyPosition)
                }
                let key = try string()
                try expect(":", "\":\"")
                attributes.append(HCLAttribute(name: key, value: try value(), position: keyPosition))
                skipWhitespace()
                if current == "}" {
                    advance()
                    break
                }
                try expect(",", "\",\" or \"}\"")
            }
        }
        depth -= 1
        return HCLBody(attributes: attributes)
    }

    private mutating func array() throws(PolicyError) -> [HCLValue] {
        try nest(at: position)
        advance()
        var elements: [HCLValue] = []
        skipWhitespace()
        if current == "]" {
            advance()
        } else {
            while true {
                elements.append(try value())
                skipWhitespace()
                if current == "]" {
                    advance()
                    break
                }
                try expect(",", "\",\" or \"]\"")
            }
        }
        depth -= 1
        return elements
    }

    private mutating func literal(_ word: String, at start: HCLPosition) throws(PolicyError) {
        for expected in word.unicodeScalars {
            guard current == expected else { throw .syntax("invalid literal; expected \(word)", at: start) }
            advance()
        }
    }

    private mutating func number() throws(PolicyError) -> HCLValue {
        let start = position
        var text = ""
        while let scalar = current, "+-.eE0123456789".unicodeScalars.contains(scalar) {
            text.unicodeScalars.append(scalar)
            advance()
        }
        guard Self.isJSONNumber(text), let double = Double(text) else {
            throw .syntax("invalid number \(text)", at: start)
        }
        let isInteger = !text.contains { $0 == "." || $0 == "e" || $0 == "E" }
        if isInteger, let integer = Int64(text) { return .int(integer) }
        return .double(double)
    }

    private static func isJSONNumber(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "-" { rest = rest.dropFirst() }
        let integer = rest.prefix { $0.isASCII && $0.isNumber }
        guard !integer.isEmpty, integer == "0" || integer.first != "0" else { return false }
        rest = rest.dropFirst(integer.count)
        if rest.first == "." {
            let fraction = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(1 + fraction.count)
        }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            let exponent = rest.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return false }
            rest = rest.dropFirst(exponent.count)
        }
        return rest.isEmpty
    }
}
