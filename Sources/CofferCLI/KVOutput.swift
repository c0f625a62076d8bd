import CofferClient

/// The sectioned tables `kv get`, `kv put` and `kv metadata get` print for versioned secrets:
/// a path under a `= Secret Path =` banner, then `== Metadata ==` and `== Data ==` tables.
enum KVOutput {
    /// `title` between runs of `=` making the line about `width` long (at least two on each side).
    static func banner(_ title: String, width: Int) -> String {
        var signs = width - title.count - 2
        if signs <= 0 { signs = 4 }
        if signs % 2 == 1 { signs += 1 }
        let side = String(repeating: "=", count: signs / 2)
        return "\(side) \(title) \(side)"
    }

    /// A banner sized to `path`, the path, and a blank line.
    static func pathBlock(_ title: String, path: String) -> String {
        banner(title, width: path.count) + "\n" + path + "\n\n"
    }

    /// A banner sized to a `Key`/`Value` table of `object`.
    static func banner(_ title: String, over object: [String: JSONValue]) -> String {
        banner(title, width: (object.keys.map(\.count).max() ?? 0) + 4 + "Value".count)
    }

    /// A banner sized to a two-column table of `object`, then the table (nothing when empty).
    static func section(_ title: String, _ object: [String: JSONValue]) -> String {
        banner(title, over: object) + "\n" + (object.isEmpty ? "" : Table.keyValue(ValueText.rows(object)))
    }
}
