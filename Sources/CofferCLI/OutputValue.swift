import CofferClient

/// A value to print whose object members keep the order given, as vault prints its structs;
/// objects inside `.plain` print with sorted keys, as vault prints maps.
indirect enum OutputValue: Equatable {
    /// A value printed as is, with sorted object keys.
    case plain(JSONValue)
    /// An object whose members print in this order.
    case ordered([Member])

    /// One member of an ordered object.
    struct Member: Equatable {
        let name: String
        let value: OutputValue
    }

    /// `value` with the members named in `leading` first, in that order, and the rest sorted.
    static func leading(_ leading: [String], in value: JSONValue) -> OutputValue {
        guard let members = value.objectValue else { return .plain(value) }
        let first = leading.compactMap { name in members[name].map { Member.plain(name, $0) } }
        let rest = members.filter { !leading.contains($0.key) }.sorted { $0.key < $1.key }
        return .ordered(first + rest.map { Member.plain($0.key, $0.value) })
    }

    /// The same value without the order (YAML prints keys sorted anyway).
    var json: JSONValue {
        switch self {
        case .plain(let value): return value
        case .ordered(let members):
            return .object(Dictionary(members.map { ($0.name, $0.value.json) }, uniquingKeysWith: { _, last in last }))
        }
    }

    /// This value printed in `format`; `table` is not a rendering of values and prints as JSON.
    func rendered(_ format: OutputFormat) -> String {
        format == .yaml ? YAMLText.render(json) : JSONText.render(self)
    }
}

extension OutputValue.Member {
    /// A member printing `value` as is.
    static func plain(_ name: String, _ value: JSONValue) -> OutputValue.Member {
        OutputValue.Member(name: name, value: .plain(value))
    }
}
