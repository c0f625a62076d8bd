/// The rule that decides a path: one pattern, every policy that gave it, and what they grant together.
///
/// When several of a token's policies give the same pattern, their stanzas merge: capabilities join,
/// a `deny` from any of them wins over everything, parameter constraints pool, and the shortest
/// wrapping TTL bounds apply.
public struct MatchedRule: Sendable, Equatable {
    /// The pattern as written in the policies.
    public let pattern: String
    /// The policies whose stanzas for the pattern make up the rule, in the order given; for a
    /// denying rule, only those that deny.
    public private(set) var policies: [String]
    /// What the rule grants; `deny` alone when any policy denies.
    public private(set) var capabilities: Capabilities
    /// The parameter constraints of every stanza, pooled.
    public private(set) var parameters: ParameterConstraints
    /// The shortest minimum wrapping TTL among the stanzas that set one, in seconds.
    public private(set) var minWrappingTTL: Int64?
    /// The shortest maximum wrapping TTL among the stanzas that set one, in seconds.
    public private(set) var maxWrappingTTL: Int64?

    /// True when the rule refuses everything on its paths.
    public var denies: Bool { capabilities.contains(.deny) }

    /// The rule as `policy`'s stanza `rule` alone makes it.
    init(_ rule: PathRule, policy: String) {
        pattern = rule.pattern
        policies = [policy]
        capabilities = rule.capabilities
        parameters = rule.parameters
        minWrappingTTL = rule.minWrappingTTL
        maxWrappingTTL = rule.maxWrappingTTL
    }

    /// Adds `policy`'s stanza `rule` for the same pattern.
    mutating func merge(_ rule: PathRule, policy: String) {
        let newDenies = rule.capabilities.contains(.deny)
        if denies || newDenies {
            if !denies { self = MatchedRule(rule, policy: policy) }
            if newDenies, !policies.contains(policy) { policies.append(policy) }
            return
        }
        if !policies.contains(policy) { policies.append(policy) }
        capabilities.formUnion(rule.capabilities)
        parameters.merge(rule.parameters)
        minWrappingTTL = Self.shorter(minWrappingTTL, rule.minWrappingTTL)
        maxWrappingTTL = Self.shorter(maxWrappingTTL, rule.maxWrappingTTL)
    }

    private static func shorter(_ lhs: Int64?, _ rhs: Int64?) -> Int64? {
        guard let lhs, let rhs else { return lhs ?? rhs }
        return min(lhs, rhs)
    }
}
