/// Who asks for a new token: it decides which policies the token may carry.
public enum TokenIssuer: Sendable {
    /// The server itself, making the root token at initialization.
    case server
    /// Response wrapping: a single-use token holding only the internal `response-wrapping` policy.
    case responseWrapping
    /// An auth method's login.
    case login
    /// A token asking the token store. `mayExceedParent` holds when the caller has `sudo` on the
    /// creation path, or a token role's allowed policies stand in for the parent's.
    case token(parent: ResolvedToken, mayExceedParent: Bool)

    /// Whether the token gets a lease: every token but the server's own root token, which no
    /// `revoke-prefix` may take from the operator (the reference's has none either).
    var registersLease: Bool {
        if case .server = self { return false }
        return true
    }
}

/// The one place that decides whether a token may carry `root` or an internal policy: `root`
/// only for children of root tokens (and the server's own root token), internal policies only
/// through the path that needs them. Every way of creating a token passes through `check`.
public enum PolicyGrant {
    /// The token a new one is created under, if any.
    static func parent(of issuer: TokenIssuer) -> ResolvedToken? {
        if case .token(let parent, _) = issuer { return parent }
        return nil
    }

    /// Policies the server assigns itself and nobody may ask for.
    public static let internalPolicies: Set<String> = [Core.wrappingPolicy, "control-group"]

    /// Throws unless `issuer` may grant `policies` (normalized: lower case, trimmed).
    public static func check(_ policies: [String], issuer: TokenIssuer) throws(CoreError) {
        switch issuer {
        case .server:
            try refuseInternal(policies)
        case .responseWrapping:
            guard policies == [Core.wrappingPolicy] else {
                throw .internalError("a response-wrapping token carries the response-wrapping policy alone")
            }
        case .login:
            if policies.contains("root") { throw .badRequest("auth methods cannot create root tokens") }
            try refuseInternal(policies)
        case .token(let caller, let mayExceedParent):
            let parent = caller.entry
            if !parent.isRoot, !mayExceedParent,
                !policies.allSatisfy({ $0 == "default" || parent.policies.contains($0) })
            {
                throw .badRequest("child policies must be subset of parent")
            }
            if policies.contains("root"), !parent.isRoot {
                throw .badRequest("root tokens may not be created without parent token being root")
            }
            try refuseInternal(policies)
        }
    }

    private static func refuseInternal(_ policies: [String]) throws(CoreError) {
        if let name = policies.first(where: internalPolicies.contains) {
            throw .badRequest("cannot assign policy \"\(name)\"")
        }
    }
}
