/// A named ACL policy: its text as written and the path rules it parses to.
public struct Policy: Sendable, Equatable {
    /// The name every built-in and stored policy is known by, lowercased.
    public let name: String
    /// The policy text exactly as given, HCL or JSON.
    public let text: String
    /// The `path` stanzas, in source order.
    public let rules: [PathRule]

    /// Parses `text` (HCL, or JSON when it starts with `{`) as the policy `name`.
    ///
    /// The name is trimmed and lowercased. Errors name the problem and where it is: a syntax error
    /// its line and column, an unknown capability or key its name and line.
    public init(name: String, text: String) throws(PolicyError) {
        self.name = try Self.normalizedName(name)
        self.text = text
        self.rules = try PolicyParser.rules(in: text)
    }

    /// `name` with Unicode whitespace trimmed from both ends and lowercased, unchecked: the one form
    /// a policy name is compared in, wherever it comes from (a path, a token request, a role).
    public static func canonicalForm(_ name: String) -> String {
        let scalars = name.unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.properties.isWhitespace }.map(scalars.index(after:)) ?? start
        return String(scalars[start..<end]).lowercased()
    }

    /// `name` trimmed and lowercased, as policies are stored and attached to tokens.
    ///
    /// A name must not be empty, and may not hold `/`, whitespace or control characters.
    public static func normalizedName(_ name: String) throws(PolicyError) -> String {
        let trimmed = canonicalForm(name)
        guard !trimmed.isEmpty else { throw PolicyError(.invalidName, "policy name must not be empty") }
        let refused = trimmed.unicodeScalars.first {
            $0 == "/" || $0.properties.isWhitespace || $0.properties.generalCategory == .control
        }
        if let refused {
            let shown = refused == "/" ? "\"/\"" : "U+\(String(refused.value, radix: 16, uppercase: true))"
            throw PolicyError(.invalidName, "policy name \"\(trimmed)\" must not contain \(shown)")
        }
        return trimmed
    }
}
