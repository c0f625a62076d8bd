/// Why JSON text could not be read, with the byte offset where reading stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What stopped the reading: the text's syntax, or one of the limits on its shape and cost.
    public enum Kind: Sendable, Equatable {
        case syntax
        case tooDeep
        case tooMuchMemory
        case tooManyStrings
    }

    public let reason: String
    public let offset: Int
    public let kind: Kind

    public init(reason: String, offset: Int, kind: Kind = .syntax) {
        self.reason = reason
        self.offset = offset
        self.kind = kind
    }

    public var description: String { "\(reason) at byte \(offset)" }
}

extension JSONValue {
    /// How deeply arrays and objects may nest before the text is refused.
    public static let maximumNesting = 512

    /// Reads one JSON document (RFC 8259) in one pass, whitespace around it allowed.
    ///
    /// Integers that fit 64 bits become `.int`, other numbers `.double`; a number too large for
    /// a double is an error. A lone surrogate escape or invalid UTF-8 inside a string becomes
    /// U+FFFD, as Go's decoder does. Of repeated object keys the last wins. Text past `limits`
    /// is refused as soon as the value that crosses them is read.
    public init(parsing bytes: some Sequence<UInt8>, limits: JSONComplexityLimits = .unlimited) throws(JSONParseError) {
        let parsed: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try JSONValue.parseDocument(buffer, limits: limits) }
        }
        if let parsed {
            self = try parsed.get()
        } else {
            self = try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONParseError) in
                try JSONValue.parseDocument(buffer, limits: limits)
            }
        }
    }

    private static func parseDocument(
        _ buffer: UnsafeBufferPointer<UInt8>, limits: JSONComplexityLimits
    ) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(bytes: buffer, limits: limits)
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.atEnd else { throw reader.failure("unexpected text after the JSON value") }
        return value
    }
}

/// A cursor over JSON text that builds `JSONValue`s, counting their cost against `limits`.
private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONComplexityLimits
    var index = 0
    var memory = 0
    var strings = 0

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONComplexityLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Counts a value's estimated memory; past the limit, the text is refused.
    mutating func spend(_ cost: Int) throws(JSONParseError) {
        memory += cost
        guard memory <= limits.maximumMemory else {
            throw JSONParseError(reason: "exceeded maximum estimated memory limits", offset: index, kind: .tooMuchMemory)
        }
    }

    /// Counts a string (value or key) just read, and its memory.
    mutating func spend(string: String) throws(JSONParseError) {
        strings += 1
        try spend(JSONComplexityLimits.Cost.string + string.utf8.count)
        guard strings <= limits.maximumStrings else {
            throw JSONParseError(reason: "exceeded maximum number of strings", offset: index, kind: .tooManyStrings)
        }
    }

    var atEnd: Bool { index >= bytes.count }

    func failure(_ reason: String) -> JSONParseError {
        JSONParseError(reason: reason, offset: index)
    }

    func tooDeep() -> JSONParseError {
        JSONParseError(reason: "exceeded max depth", offset: index, kind: .tooDeep)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func readValue(depth: Int) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of JSON input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            let text = try readString()
            try spend(string: text)
            return .string(text)
        case UInt8(ascii: "t"):
            try spend(JSONComplexityLimits.Cost.bool)
            return try readLiteral("true", .bool(true))
        case UInt8(ascii: "f"):
            try spend(JSONComplexityLimits.Cost.bool)
            return try readLiteral("false", .bool(false))
        case UInt8(ascii: "n"):
            try spend(JSONComplexityLimits.Cost.null)
            return try readLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let number = try readNumber()
            try spend(JSONComplexityLimits.Cost.number)
            return number
        default: throw failure("invalid character looking for the beginning of a value")
        }
    }

    private mutating func readLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of JSON input") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("invalid literal")
        }
        index += count
        return value
    }

    private mutating func readObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONValue.maximumNesting else { throw tooDeep() }
        try spend(JSONComplexityLimits.Cost.object)
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a string for an object key")
            }
            let key = try readString()
            try spend(string: key)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':' after an object key")
            }
            index += 1
            members[key] = try readValue(depth: depth)
            if try reachedEnd(of: UInt8(ascii: "}"), after: "an object member") { return .object(members) }
        }
    }

    private mutating func readArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= JSONValue.maximumNesting else { throw tooDeep() }
        try spend(JSONComplexityLimits.Cost.array)
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try readValue(depth: depth))
            if try reachedEnd(of: UInt8(ascii: "]"), after: "an array element") { return .array(elements) }
        }
    }

    /// Reads the comma or closing bracket after a member or element: true at the bracket.
    private mutating func reachedEnd(of closing: UInt8, after what: String) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of JSON input") }
        let byte = bytes[index]
        guard byte == UInt8(ascii: ",") || byte == closing else {
            throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))' after \(what)")
        }
        index += 1
        return byte == closing
    }

    /// A string at the opening quote; the cursor ends after the closing quote.
    private mutating func readString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            guard byte >= 0x20 else { throw failure("invalid control character in a string") }
            index += 1
        }
        throw failure("unexpected end of JSON input in a string")
    }

    /// The rest of a string that holds escapes; `start` is just after the opening quote.
    private mutating func readEscapedString(from start: Int) throws(JSONParseError) -> String {
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: String(try readUnicodeEscape()).utf8)
                default:
                    index -= 1
                    throw failure("invalid escape in a string")
                }
            case 0..<0x20:
                index -= 1
                throw failure("invalid control character in a string")
            default:
                utf8.append(byte)
            }
        }
        throw failure("unexpected end of JSON input in a string")
    }

    /// The character of a `\uXXXX` escape (the cursor is after the `u`), joining surrogate pairs.
    private mutating func readUnicodeEscape() throws(JSONParseError) -> Character {
        let first = try readHex4()
        if (0xD800..<0xDC00).contains(first), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
        {
            let saved = index
            index += 2
            let second = try readHex4()
            if (0xDC00..<0xE000).contains(second) {
                let scalar = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                return Character(Unicode.Scalar(scalar)!)
            }
            index = saved
        }
        return Character(Unicode.Scalar(first) ?? "\u{FFFD}")
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("unexpected end of JSON input in a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape in a string")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A number in JSON's grammar: `-`? int frac? exp?.
    private mutating func readNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral, let value = Int64(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else {
            index = start
            throw failure("number out of range")
        }
        return .double(value)
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
