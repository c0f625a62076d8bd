import CofferCore
import CofferHCL

/// `audit "<type>" "<path>" { description, local, options { … } }` blocks, as the reference takes
/// them: option values are strings.
extension ConfigInterpreter {
    func auditDevice(_ block: HCLBlock) throws(ConfigLoader.LoadError) -> AuditDeviceEntry {
        guard block.labels.count == 2 else {
            throw .init(
                file: file, position: block.position,
                "audit blocks need a type and a path, e.g. audit \"file\" \"file\" { options { file_path = \"…\" } }")
        }
        var entry = AuditDeviceEntry(path: block.labels[1], type: block.labels[0])
        for attribute in block.body.attributes {
            switch attribute.name {
            case "description": entry.description = try string(attribute)
            case "local": entry.local = try bool(attribute)
            case "options":
                guard case .object(let body) = attribute.value else {
                    throw .init(file: file, position: attribute.position, "options must be a block of strings")
                }
                entry.options = try options(body)
            default:
                throw .init(file: file, position: attribute.position, "audit: unknown setting \"\(attribute.name)\"")
            }
        }
        for nested in block.body.blocks {
            guard nested.type == "options", nested.labels.isEmpty else {
                throw .init(file: file, position: nested.position, "audit: unsupported block \"\(nested.type)\"")
            }
            entry.options.merge(try options(nested.body)) { _, new in new }
        }
        return entry
    }

    private func options(_ body: HCLBody) throws(ConfigLoader.LoadError) -> [String: String] {
        var options: [String: String] = [:]
        for attribute in body.attributes {
            guard case .string(let value) = attribute.value else {
                throw .init(
                    file: file, position: attribute.position,
                    "audit option \(attribute.name) must be a string, e.g. \(attribute.name) = \"true\"")
            }
            options[attribute.name] = value
        }
        return options
    }
}
