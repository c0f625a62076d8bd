import CofferAPI

extension ACL {
    /// Decides whether a request may run: the deciding rule must exist, not deny, grant the
    /// operation's capability, accept the wrapping TTL and accept the parameters.
    ///
    /// - Parameters:
    ///   - operation: what the request does; `head` needs `read`.
    ///   - path: the request path below `/v1/`; a list request's path ends in `/`.
    ///   - data: the request parameters, checked for read, create, update and patch.
    ///   - wrapTTL: the response-wrapping TTL asked for, in seconds; nil when not wrapped.
    public func authorize(
        operation: Operation, path: String, data: [String: JSONValue] = [:], wrapTTL: Int64? = nil
    ) -> ACLDecision {
        if isRoot { return .allowed(rule: nil) }
        guard let rule = rule(for: path, listing: operation == .list).rule else {
            return .denied(.noMatchingRule)
        }
        if rule.denies { return .denied(.explicitDeny(rule)) }
        let required = Capability(requiredFor: operation)
        guard rule.capabilities.contains(required) else {
            return .denied(.capabilityMissing(required: required, rule: rule))
        }
        if !Self.wrapTTL(wrapTTL, fits: rule) {
            return .denied(.wrappingTTLOutOfBounds(requested: wrapTTL, rule: rule))
        }
        guard [.read, .create, .update, .patch].contains(operation), !rule.parameters.isEmpty,
            let violation = rule.parameters.violation(in: data)
        else {
            return .allowed(rule: rule)
        }
        switch violation {
        case .missing(let name): return .denied(.requiredParameterMissing(name, rule: rule))
        case .denied(let name): return .denied(.parameterDenied(name, rule: rule))
        case .notAllowed(let name, let value): return .denied(.parameterNotAllowed(name, value: value, rule: rule))
        }
    }

    /// True when a response wrapped for `ttl` seconds (nil: not wrapped) meets the rule's bounds.
    private static func wrapTTL(_ ttl: Int64?, fits rule: MatchedRule) -> Bool {
        if rule.minWrappingTTL == nil && rule.maxWrappingTTL == nil { return true }
        guard let ttl else { return false }
        if let minimum = rule.minWrappingTTL, ttl < minimum { return false }
        if let maximum = rule.maxWrappingTTL, ttl > maximum { return false }
        return true
    }
}
