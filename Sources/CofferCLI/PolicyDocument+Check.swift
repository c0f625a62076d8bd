extension PolicyDocument {
    /// The keys a `path` block may hold.
    static let pathKeys: Set<String> = [
        "comment", "policy", "capabilities", "allowed_parameters", "denied_parameters", "required_parameters",
        "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods", "pagination_limit", "expiration",
        "list_scan_response_keys_filter_path", "control_group",
    ]

    /// The capabilities a path may grant.
    static let capabilities: Set<String> = [
        "deny", "create", "read", "update", "delete", "list", "sudo", "root", "patch", "scan",
    ]

    /// What makes this document not a policy, worded as the server words it; nil when it is one.
    ///
    /// Only the policy's shape is checked: `path "…" { … }` blocks with known keys and capabilities.
    var problem: String? {
        for item in items where !["name", "path"].contains(item.start.unquoted) {
            return Self.invalidKey(item)
        }
        for item in items where item.start.unquoted == "path" {
            guard item.keys.count == 2, case .object(_, let rules, _) = item.value else {
                return "path block at line \(item.start.line) must be path \"<path>\" { … }"
            }
            let path = "path \(JSONText.quoted(item.keys[1].unquoted)):"
            for rule in rules where !Self.pathKeys.contains(rule.start.unquoted) {
                return "\(path) \(Self.invalidKey(rule))"
            }
            if let problem = Self.problem(in: rules) { return "\(path) \(path) \(problem)" }
        }
        return nil
    }

    private static func problem(in rules: [Item]) -> String? {
        for rule in rules {
            switch (rule.start.unquoted, rule.value) {
            case ("capabilities", .list(_, let elements)):
                for element in elements where !capabilities.contains(element.token.unquoted) {
                    return "invalid capability \(JSONText.quoted(element.token.unquoted))"
                }
            case ("capabilities", _):
                return "capabilities must be a list of strings"
            case ("policy", .literal(let token)) where !["deny", "read", "write", "sudo"].contains(token.unquoted):
                return "invalid policy \(JSONText.quoted(token.unquoted))"
            default:
                continue
            }
        }
        return nil
    }

    private static func invalidKey(_ item: Item) -> String {
        "1 error occurred:\n\t* invalid key \(JSONText.quoted(item.start.unquoted)) on line \(item.start.line)\n\n"
    }
}

extension HCLToken {
    /// The token's value: a string without its quotes and with `\"` and `\\` unescaped; other tokens as written.
    var unquoted: String {
        guard kind == .string, text.count >= 2 else { return text }
        var out = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped || character != "\\" {
                out.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return out
    }
}
