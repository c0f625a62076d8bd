import CofferAPI

/// The answer of an ACL to one request: allowed, or denied with the reason, for "explain why".
public enum ACLDecision: Sendable, Equatable {
    /// The request may proceed; `rule` is the rule that allowed it, nil for the root policy.
    case allowed(rule: MatchedRule?)
    /// The request must be refused with 403 `permission denied`; the reason is for operators only.
    case denied(DenialReason)

    /// True for `.allowed`.
    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    /// True when the request is allowed by a rule that also grants `sudo` (or by the root policy):
    /// a root-protected path needs it of the very rule that decided the request.
    public var grantsSudo: Bool {
        guard case .allowed(let rule) = self else { return false }
        return rule?.capabilities.contains(.sudo) ?? true
    }
}

/// Why an ACL refused a request. Clients only ever see `permission denied`; sudo operators see this.
///
/// `.parameterNotAllowed` carries the value sent, which may be a secret: never log or print it.
public enum DenialReason: Sendable, Equatable, CustomStringConvertible {
    /// No policy of the token has a pattern matching the path.
    case noMatchingRule
    /// The deciding rule denies the path.
    case explicitDeny(MatchedRule)
    /// The deciding rule does not grant the capability the operation needs.
    case capabilityMissing(required: Capability, rule: MatchedRule)
    /// A parameter the rule requires is absent.
    case requiredParameterMissing(String, rule: MatchedRule)
    /// The rule denies the parameter, or the value sent for it.
    case parameterDenied(String, rule: MatchedRule)
    /// The rule does not allow the parameter, or not with the value sent.
    case parameterNotAllowed(String, value: JSONValue, rule: MatchedRule)
    /// The response is not wrapped, or its wrapping TTL (seconds) is outside the rule's bounds.
    case wrappingTTLOutOfBounds(requested: Int64?, rule: MatchedRule)

    /// The reason in one sentence, naming the pattern and policies but never a parameter value.
    public var description: String {
        switch self {
        case .noMatchingRule:
            return "no policy has a rule matching the path"
        case .explicitDeny(let rule):
            return "\(Self.name(rule)) denies the path"
        case .capabilityMissing(let required, let rule):
            return "\(Self.name(rule)) does not grant \"\(required.rawValue)\""
        case .requiredParameterMissing(let name, let rule):
            return "\(Self.name(rule)) requires the parameter \"\(name)\""
        case .parameterDenied(let name, let rule):
            return "\(Self.name(rule)) denies the parameter \"\(name)\" or its value"
        case .parameterNotAllowed(let name, _, let rule):
            return "\(Self.name(rule)) does not allow the parameter \"\(name)\" with the value sent"
        case .wrappingTTLOutOfBounds(let requested, let rule):
            let bounds = [
                rule.minWrappingTTL.map { "at least \($0)s" }, rule.maxWrappingTTL.map { "at most \($0)s" },
            ].compactMap { $0 }.joined(separator: " and ")
            let asked = requested.map { "\($0)s was asked" } ?? "the response was not wrapped"
            return "\(Self.name(rule)) requires a wrapping TTL of \(bounds); \(asked)"
        }
    }

    private static func name(_ rule: MatchedRule) -> String {
        "the rule \"\(rule.pattern)\" of \(rule.policies.map { "\"\($0)\"" }.joined(separator: ", "))"
    }
}
