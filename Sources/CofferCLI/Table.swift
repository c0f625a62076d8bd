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

    /// Seconds as vault shows a TTL: `768h`, `1h30m`, `1h5s`, `45s`.
    static func duration(_ seconds: Int64) -> String {
        var text = DurationText.format(seconds: seconds)
        if text.hasByteSuffix("m0s") { text.removeLast(2) }
        if let zeroMinutes = text.firstRange(of: "h0m") { text.replaceSubrange(zeroMinutes, with: "h") }
        return text
    }

    /// `value` as a cell of the data member `key`: a whole number under a TTL-like name
    /// (`ttl`, `period`, `*_ttl`, `*_period`, `*_duration`, …) prints as a duration.
    static func cell(_ value: JSONValue, key: String) -> String {
        guard looksLikeDuration(key), case .int(let seconds) = value else { return cell(value) }
        return duration(seconds)
    }

    /// The members of `object` as sorted table rows, durations shown as such.
    static func rows(_ object: [String: JSONValue]) -> [(String, String)] {
        object.sorted { $0.key < $1.key }.map { ($0.key, cell($0.value, key: $0.key)) }
    }

    private static func looksLikeDuration(_ key: String) -> Bool {
        if ["period", "ttl", "duration", "lease_max", "ttl_max"].contains(key) { return true }
        return key.hasByteSuffix("_period") || key.hasByteSuffix("_ttl") || key.hasByteSuffix("_duration")
    }

    /// An RFC 3339 time as Go prints a `time.Time`: `2026-11-22 02:41:55.9235 +0000 UTC`.
    static func goTime(_ rfc3339: String) -> String {
        guard let t = rfc3339.firstIndex(of: "T") else { return rfc3339 }
        let date = rfc3339[..<t]
        var clock = rfc3339[rfc3339.index(after: t)...]
        if clock.hasByteSuffix("Z") { return "\(date) \(clock.dropLast()) +0000 UTC" }
        guard let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) else { return rfc3339 }
        let offset = clock[sign...].filter { $0 != ":" }
        clock = clock[..<sign]
        return "\(date) \(clock) \(offset) \(offset)"
    }
}
