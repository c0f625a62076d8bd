import CofferAPI
import CofferHCL

/// Reads a JSON configuration into the same body an HCL file gives, so one interpreter serves both.
///
/// `storage`, `backend` and `listener` are `{"type": {settings}}` objects (or arrays of them);
/// every other member is a setting.
enum JSONConfigBody {
    private static let blockTypes: Set<String> = ["storage", "backend", "listener"]
    /// JSON values carry no position: line 0 tells `LoadError` to name the setting alone.
    private static let origin = HCLPosition(line: 0, column: 0)

    static func parse(_ text: String, file: String) throws(ConfigLoader.LoadError) -> HCLBody {
        let root: JSONValue
        do {
            root = try JSONValue(parsing: text.utf8)
        } catch {
            let consumed = Array(text.utf8.prefix(error.offset))
            let newline = UInt8(ascii: "\n")
            let line = consumed.count { $0 == newline } + 1
            let column = consumed.count - (consumed.lastIndex(of: newline).map { $0 + 1 } ?? 0) + 1
            throw ConfigLoader.LoadError("\(file):\(line):\(column): invalid JSON: \(error.reason)")
        }
        guard let members = root.objectValue else {
            throw ConfigLoader.LoadError("\(file): the configuration must be a JSON object")
        }
        var attributes: [HCLAttribute] = []
        var blocks: [HCLBlock] = []
        for key in members.keys.sorted() {
            let value = members[key]!
            if blockTypes.contains(key) {
                for item in value.arrayValue ?? [value] {
                    guard let typed = item.objectValue else {
                        throw ConfigLoader.LoadError("\(file): \(key) must be an object like {\"type\": {…}}")
                    }
                    for (label, settings) in typed {
                        blocks.append(HCLBlock(type: key, labels: [label], body: body(settings), position: origin))
                    }
                }
            } else {
                attributes.append(HCLAttribute(name: key, value: hclValue(value), position: origin))
            }
        }
        return HCLBody(attributes: attributes, blocks: blocks)
    }

    private static func body(_ value: JSONValue) -> HCLBody {
        let members = value.objectValue ?? [:]
        return HCLBody(
            attributes: members.keys.sorted().map {
                HCLAttribute(name: $0, value: hclValue(members[$0]!), position: origin)
            },
            blocks: [])
    }

    private static func hclValue(_ value: JSONValue) -> HCLValue {
        switch value {
        case .null: return .string("")
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.map(hclValue))
        case .object: return .object(body(value))
        }
    }

}
