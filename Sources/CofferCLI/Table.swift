import CofferClient

/// Columns as vault prints them: a header, a dashed rule, cells padded to four spaces apart.
enum Table {
    /// `rows` under `header`, each column as wide as its widest cell; an empty cell shows `n/a`.
    static func render(header: [String], rows: [[String]]) -> String {
        let lines =
            [header, header.map { String(repeating: "-", count: $0.count) }]
            + rows.map { $0.map { $0.isEmpty ? "n/a" : $0 } }
        var widths = [Int](repeating: 0, count: header.count)
        for line in lines {
            for (column, cell) in line.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        var out = ""
        for line in lines {
            var text = ""
            for (column, cell) in line.enumerated() {
                let isLast = column == line.count - 1
                text += isLast ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 4)
            }
            out += text + "\n"
        }
        return out
    }

    /// A `Key`/`Value` table of `rows`.
    static func keyValue(_ rows: [(String, String)]) -> String {
        render(header: ["Key", "Value"], rows: rows.map { [$0.0, $0.1] })
    }
}

/// Values as vault's table cells show them, in Go's `%v` style: `[a b]`, `map[k:v]`, `<nil>`.
enum ValueText {
    /// `value` as one table cell.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return "<nil>"
        case .string(let s): return s
        case .bool, .int, .double: return JSONText.scalarText(value)
        case .array(let elements): return "[" + elements.map(cell).joined(separator: " ") + "]"
        case .object(let members):
            let pairs = members.sorted { $0.key < $1.key }.map { "\($0.key):\(cell($0.value))" }
            return "map[" + pairs.joined(separator: " ") + "]"
        }
    }

    /// A list of strings as Go's `%q` shows it: `["a" "b"]`.
    static func quotedList(_ value: JSONValue?) -> String {
        let items = value?.arrayValue?.map { JSONText.quoted($0.stringValue ?? cell($0)) } ?? []
        return "[" + items.joined(separator: " ") + "]"
    }

    /// Seconds as vault shows a TTL: `768h`, `1h30m`, `45s`.
    static func duration(_ seconds: Int64) -> String {
        var text = DurationText.format(seconds: seconds)
        if text.hasSuffix("m0s") { text.removeLast(2) }
        if text.hasSuffix("h0m") { text.removeLast(2) }
        return text
    }
}
