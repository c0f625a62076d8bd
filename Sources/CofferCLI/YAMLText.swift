import CofferClient

/// YAML as vault prints it: keys sorted, sequences not indented under their key, strings
/// quoted only where YAML would read them as something else.
enum YAMLText {
    /// `value` as a YAML document ending in a newline.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .object(let members) where !members.isEmpty:
            return mapping(members, indent: "")
        case .array(let elements) where !elements.isEmpty:
            return sequence(elements, indent: "")
        default:
            return scalar(value) + "\n"
        }
    }

    private static func mapping(_ members: [String: JSONValue], indent: String) -> String {
        var out = ""
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            out += indent + string(key) + ":"
            switch value {
            case .object(let nested) where !nested.isEmpty:
                out += "\n" + mapping(nested, indent: indent + "  ")
            case .array(let elements) where !elements.isEmpty:
                out += "\n" + sequence(elements, indent: indent)
            case .string(let text):
                out += literal(text, indent: indent + "  ").map { " " + $0 } ?? " " + scalar(value) + "\n"
            default:
                out += " " + scalar(value) + "\n"
            }
        }
        return out
    }

    private static func sequence(_ elements: [JSONValue], indent: String) -> String {
        var out = ""
        for element in elements {
            switch element {
            case .object(let nested) where !nested.isEmpty:
                // The first member shares the dash's line; the rest align under it.
                let body = mapping(nested, indent: indent + "  ")
                out += indent + "- " + body.dropFirst(indent.count + 2)
            case .array(let inner) where !inner.isEmpty:
                let body = sequence(inner, indent: indent + "  ")
                out += indent + "- " + body.dropFirst(indent.count + 2)
            case .string(let text):
                out += indent + "- " + (literal(text, indent: indent + "  ") ?? scalar(element) + "\n")
            default:
                out += indent + "- " + scalar(element) + "\n"
            }
        }
        return out
    }

    /// A scalar or an empty container on one line.
    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? "\(d)" : (d.isNaN ? ".nan" : (d > 0 ? ".inf" : "-.inf"))
        case .string(let s): return string(s)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// A multi-line `text` as a literal block (`|`, `|-` or `|+` by its trailing line breaks, with
    /// an indentation digit when it starts with a space or break), its lines under `indent`;
    /// nil when a literal block cannot hold it: a single line, control characters, or a space
    /// before a line break or at the very end.
    static func literal(_ text: String, indent: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("\n"), scalars.last != " " else { return nil }
        for (index, scalar) in scalars.enumerated() {
            if scalar == " " && index + 1 < scalars.count && scalars[index + 1] == "\n" { return nil }
            if scalar != "\n" && !printable(scalar) { return nil }
        }
        var header = "|"
        if scalars.first == " " || scalars.first == "\n" { header += "2" }
        if scalars.last != "\n" {
            header += "-"
        } else if scalars.count == 1 || scalars[scalars.count - 2] == "\n" {
            header += "+"
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasByteSuffix("\n") { lines.removeLast() }
        return header + "\n" + lines.map { $0.isEmpty ? "\n" : indent + $0 + "\n" }.joined()
    }

    private static func printable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E, 0x85: return true
        case 0xA0...: return scalar.value != 0xFEFF
        default: return false
        }
    }

    /// `text` plain when YAML reads it back as the same string, else double-quoted.
    static func string(_ text: String) -> String {
        needsQuotes(text) ? JSONText.quoted(text) : text
    }

    private static let reserved: Set<String> = [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
    ]

    private static func needsQuotes(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return true }
        if reserved.contains(text.lowercased()) { return true }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return true }
        if first == " " || last == " " || last == ":" { return true }
        if text.contains(": ") || text.contains(" #") { return true }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return true }
        return looksNumeric(text) || looksLikeDate(text)
    }

    private static func looksNumeric(_ text: String) -> Bool {
        let lower = text.lowercased()
        if [".inf", "+.inf", "-.inf", ".nan"].contains(lower) { return true }
        if lower.hasBytePrefix("0x") || lower.hasBytePrefix("0o") || lower.hasBytePrefix("0b") { return true }
        let number = text.filter { $0 != "_" }
        return Double(number) != nil && number.allSatisfy { "0123456789+-.eE".contains($0) }
    }

    /// YAML 1.1 resolves `2026-01-02…` to a timestamp.
    private static func looksLikeDate(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(5))
        guard scalars.count == 5 else { return false }
        return scalars[0..<4].allSatisfy { $0.properties.numericType == .decimal } && scalars[4] == "-"
    }
}
