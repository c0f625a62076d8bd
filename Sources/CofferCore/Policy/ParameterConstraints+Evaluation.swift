import CofferAPI

/// The first parameter of a request that a rule's constraints refuse.
enum ParameterViolation: Sendable, Equatable {
    /// A required parameter is absent.
    case missing(String)
    /// A parameter is denied outright or with the value sent.
    case denied(String)
    /// A parameter is not among the allowed ones, or its value is not among its allowed values.
    case notAllowed(String, JSONValue)
}

extension ParameterConstraints {
    /// The first constraint `data` breaks, or nil when the request may go ahead.
    ///
    /// Parameters are checked in name order, so the same request always gets the same answer.
    func violation(in data: [String: JSONValue]) -> ParameterViolation? {
        for name in required where data[name] == nil {
            return .missing(name)
        }
        if data.isEmpty || (allowed.isEmpty && denied.isEmpty) { return nil }
        let names = data.keys.sorted()
        if !denied.isEmpty {
            if denied["*"] != nil { return .denied(names[0]) }
            for name in names {
                if let values = denied[name.lowercased()], Self.denies(data[name]!, values) { return .denied(name) }
            }
        }
        let allowsOthers = allowed["*"] != nil
        if allowed.isEmpty || (allowed.count == 1 && allowsOthers) { return nil }
        for name in names {
            let value = data[name]!
            guard let values = allowed[name.lowercased()] else {
                if allowsOthers { continue }
                return .notAllowed(name, value)
            }
            if !values.isEmpty && !values.contains(where: { Self.matches(value, $0) }) {
                return .notAllowed(name, value)
            }
        }
        return nil
    }

    /// True when `values` refuses `value`: the list is empty (any value), or the value, or for an
    /// array any of its elements, matches an entry.
    private static func denies(_ value: JSONValue, _ values: [JSONValue]) -> Bool {
        if values.isEmpty { return true }
        let candidates = [value] + (value.arrayValue ?? [])
        return candidates.contains { candidate in values.contains { matches(candidate, $0) } }
    }

    /// True when a request value matches a policy entry: strings by glob (`foo-*`, `*-bar`, `*mid*`),
    /// numbers by value, anything else by equality.
    static func matches(_ value: JSONValue, _ entry: JSONValue) -> Bool {
        switch (value, entry) {
        case (.string(let text), .string(let pattern)):
            return globMatches(Array(text.utf8), pattern: Array(pattern.utf8))
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)):
            return Double(a) == b
        default:
            return value == entry
        }
    }

    /// Vault's value globbing, by bytes: a leading and/or trailing `*` matches anything there;
    /// a pattern shorter than two bytes matches only itself.
    private static func globMatches(_ text: [UInt8], pattern: [UInt8]) -> Bool {
        let star = UInt8(ascii: "*")
        guard pattern.count >= 2 else { return text == pattern }
        switch (pattern.first == star, pattern.last == star) {
        case (true, true): return contains(text, pattern.dropFirst().dropLast())
        case (true, false): return text.suffix(pattern.count - 1) == pattern.dropFirst()
        case (false, true): return text.starts(with: pattern.dropLast())
        case (false, false): return text == pattern
        }
    }

    private static func contains(_ text: [UInt8], _ part: ArraySlice<UInt8>) -> Bool {
        if part.isEmpty { return true }
        guard text.count >= part.count else { return false }
        return (0...(text.count - part.count)).contains { text[$0..<($0 + part.count)] == part }
    }
}
