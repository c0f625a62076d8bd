import CofferAPI
import CofferHCL

/// Reads the settings inside one `path "<pattern>" { … }` stanza, refusing unknown and repeated keys.
struct StanzaReader {
    /// Keys Vault or OpenBao know that Coffer does not enforce; refused rather than silently ignored.
    private static let unsupportedKeys: Set<String> = [
        "mfa_methods", "control_group", "pagination_limit", "expiration", "list_scan_response_keys_filter_path",
    ]

    private let pattern: String
    private var seen: Set<String> = []
    private var capabilities: Capabilities = []
    private var parameters = ParameterConstraints()
    private var minWrappingTTL: (seconds: Int64, position: HCLPosition)?
    private var maxWrappingTTL: (seconds: Int64, position: HCLPosition)?

    /// A reader for the stanza of `pattern`.
    init(pattern: String) {
        self.pattern = pattern
    }

    /// Takes in one `key = value` of the stanza.
    mutating func read(_ attribute: HCLAttribute) throws(PolicyError) {
        let position = attribute.position
        try note(attribute.name, at: position)
        let value = attribute.value
        switch attribute.name {
        case "comment":
            break
        case "policy":
            capabilities.formUnion(try legacyCapabilities(value, at: position))
        case "capabilities":
            for name in try strings(value, key: "capabilities", at: position) {
                guard let capability = Capability(rawValue: name) else {
                    throw invalid("invalid capability \"\(name)\"", at: position)
                }
                capabilities.insert(Capabilities(capability))
            }
        case "allowed_parameters":
            parameters.allowed = try parameterValues(value, key: "allowed_parameters", at: position)
        case "denied_parameters":
            parameters.denied = try parameterValues(value, key: "denied_parameters", at: position)
        case "required_parameters":
            parameters.required = try strings(value, key: "required_parameters", at: position).map { $0.lowercased() }
        case "min_wrapping_ttl":
            minWrappingTTL = (try seconds(value, key: "min_wrapping_ttl", at: position), position)
        case "max_wrapping_ttl":
            maxWrappingTTL = (try seconds(value, key: "max_wrapping_ttl", at: position), position)
        case let key where Self.unsupportedKeys.contains(key):
            throw invalid("\"\(key)\" is not supported", at: position)
        case let key:
            throw invalid("invalid key \"\(key)\"", at: position)
        }
    }

    /// Takes in a nested block: only `allowed_parameters { … }` and `denied_parameters { … }` are valid.
    mutating func read(_ block: HCLBlock) throws(PolicyError) {
        guard block.labels.isEmpty, block.type == "allowed_parameters" || block.type == "denied_parameters" else {
            throw invalid("invalid key \"\(block.type)\"", at: block.position)
        }
        try read(HCLAttribute(name: block.type, value: .object(block.body), position: block.position))
    }

    /// The rule the stanza describes, once every key is read.
    func rule(glob: PathGlob, at position: HCLPosition) throws(PolicyError) -> PathRule {
        let minimum = minWrappingTTL.flatMap { $0.seconds > 0 ? $0.seconds : nil }
        let maximum = maxWrappingTTL.flatMap { $0.seconds > 0 ? $0.seconds : nil }
        if let minimum, let maximum, maximum < minimum {
            throw invalid("max_wrapping_ttl cannot be less than min_wrapping_ttl", at: maxWrappingTTL?.position)
        }
        return PathRule(
            glob: glob, capabilities: capabilities, parameters: parameters, minWrappingTTL: minimum,
            maxWrappingTTL: maximum, position: position)
    }

    private mutating func note(_ key: String, at position: HCLPosition) throws(PolicyError) {
        guard seen.insert(key).inserted else { throw invalid("\"\(key)\" is set more than once", at: position) }
    }

    private func invalid(_ detail: String, at position: HCLPosition?) -> PolicyError {
        .invalid("path \"\(pattern)\": \(detail)", at: position)
    }

    /// Vault's first policy syntax, `policy = "read"`, as capabilities.
    private func legacyCapabilities(_ value: HCLValue, at position: HCLPosition) throws(PolicyError) -> Capabilities {
        let write: Capabilities = [.create, .read, .update, .delete, .list]
        switch value.stringValue {
        case "deny": return .deny
        case "read": return [.read, .list]
        case "write": return write
        case "sudo": return write.union(.sudo)
        default:
            throw invalid(
                "invalid policy \(Self.describe(value)); use \"deny\", \"read\", \"write\" or \"sudo\"", at: position)
        }
    }

    /// A list of strings; a lone string counts as a list of one.
    private func strings(_ value: HCLValue, key: String, at position: HCLPosition) throws(PolicyError) -> [String] {
        var result: [String] = []
        for element in value.listValue ?? [value] {
            guard let text = element.stringValue else {
                throw invalid("\"\(key)\" must be a list of strings, not \(Self.describe(element))", at: position)
            }
            result.append(text)
        }
        return result
    }

    /// `{ "name" = [values] }`, names lowercased; a lone value counts as a list of one.
    private func parameterValues(_ value: HCLValue, key: String, at position: HCLPosition) throws(PolicyError)
        -> [String: [JSONValue]]
    {
        guard let body = value.objectValue else {
            throw invalid("\"\(key)\" must map parameter names to lists of values", at: position)
        }
        if let block = body.blocks.first {
            throw invalid("\"\(key)\": \"\(block.type)\" must be a list of values", at: block.position)
        }
        var result: [String: [JSONValue]] = [:]
        for parameter in body.attributes {
            let values = (parameter.value.listValue ?? [parameter.value]).map(Self.json)
            result[parameter.name.lowercased(), default: []] += values
        }
        return result
    }

    /// A duration in seconds: a string such as `"90s"` or `"1h"`, or a whole number of seconds.
    private func seconds(_ value: HCLValue, key: String, at position: HCLPosition) throws(PolicyError) -> Int64 {
        switch value {
        case .int(let seconds):
            do { return try BoundedDuration(seconds: seconds).seconds } catch {
                throw invalid("invalid \(key) \(seconds): \(error.description)", at: position)
            }
        case .string(let text):
            do { return try BoundedDuration(parsing: text).seconds } catch {
                throw invalid("invalid \(key) \"\(text)\": \(error.description)", at: position)
            }
        default:
            throw invalid("invalid \(key) \(Self.describe(value))", at: position)
        }
    }

    private static func json(_ value: HCLValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .bool(let flag): .bool(flag)
        case .list(let elements): .array(elements.map(json))
        case .object(let body):
            .object(
                Dictionary(body.attributes.map { ($0.name, json($0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }

    private static func describe(_ value: HCLValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .int(let number): "\(number)"
        case .double(let number): "\(number)"
        case .bool(let flag): "\(flag)"
        case .list: "a list"
        case .object: "an object"
        }
    }
}
