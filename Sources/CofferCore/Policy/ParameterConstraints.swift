import CofferAPI

/// What a rule says about request parameters: which may appear, which may not, which must.
///
/// Names are lowercased. An empty value list means any value; `"*"` as a name stands for every
/// parameter not named otherwise. Only read, create, update and patch requests are checked.
public struct ParameterConstraints: Sendable, Equatable {
    /// When not empty, the only parameters a request may send, each with the values it may take.
    public var allowed: [String: [JSONValue]]
    /// Parameters a request may not send, or may not send with one of the listed values.
    public var denied: [String: [JSONValue]]
    /// Parameters a request must send.
    public var required: [String]

    /// Constraints; none by default, which lets every parameter through.
    public init(allowed: [String: [JSONValue]] = [:], denied: [String: [JSONValue]] = [:], required: [String] = []) {
        self.allowed = allowed
        self.denied = denied
        self.required = required
    }

    /// True when the constraints let any request through.
    public var isEmpty: Bool { allowed.isEmpty && denied.isEmpty && required.isEmpty }

    /// Adds `other`'s constraints, as a second policy with the same pattern does: an empty value list
    /// (any value) wins over listed values, listed values are pooled, required names are joined.
    mutating func merge(_ other: ParameterConstraints) {
        Self.pool(other.allowed, into: &allowed)
        Self.pool(other.denied, into: &denied)
        for name in other.required where !required.contains(name) {
            required.append(name)
        }
    }

    private static func pool(_ incoming: [String: [JSONValue]], into existing: inout [String: [JSONValue]]) {
        for (name, values) in incoming {
            if let current = existing[name], !current.isEmpty, !values.isEmpty {
                existing[name] = values + current
            } else if existing[name] != nil || values.isEmpty {
                existing[name] = []
            } else {
                existing[name] = values
            }
        }
    }
}
