import CofferClient

/// Indented JSON as vault prints it: two spaces, `"key": value`, no escaped slashes.
enum JSONText {
    /// `value` as indented JSON ending in a newline.
    static func render(_ value: OutputValue) -> String {
        var out = ""
        write(value, indent: "", to: &out)
        return out + "\n"
    }

    /// `value` as indented JSON ending in a newline, object keys sorted.
    static func render(_ value: JSONValue) -> String { render(.plain(value)) }

    private static func write(_ value: OutputValue, indent: String, to out: inout String) {
        switch value {
        case .ordered(let members):
            writeObject(members.map { ($0.name, $0.value) }, indent: indent, to: &out)
        case .plain(.object(let members)):
            writeObject(members.sorted { $0.key < $1.key }.map { ($0.key, .plain($0.value)) }, indent: indent, to: &out)
        case .plain(.array(let elements)):
            if elements.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, element) in elements.enumerated() {
                out += indent + "  "
                write(.plain(element), indent: indent + "  ", to: &out)
                out += index == elements.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .plain(let scalar):
            out += scalarText(scalar)
        }
    }

    private static func writeObject(_ members: [(String, OutputValue)], indent: String, to out: inout String) {
        if members.isEmpty {
            out += "{}"
            return
        }
        out += "{\n"
        for (index, (name, value)) in members.enumerated() {
            out += indent + "  " + quoted(name) + ": "
            write(value, indent: indent + "  ", to: &out)
            out += index == members.count - 1 ? "\n" : ",\n"
        }
        out += indent + "}"
    }

    /// A JSON scalar's text; containers print as `null` (callers handle them).
    static func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .null, .array, .object: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? "\(d)" : "null"
        case .string(let s): return quoted(s)
        }
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
