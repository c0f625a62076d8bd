import CofferAPI
import Foundation

/// Token creation with Vault's rules for policies, orphans and TTLs.
extension TokenStore {
    /// Creates a token for `issuer`, under its parent token if it has one.
    func create(
        _ request: TokenCreation, issuer: TokenIssuer, limits: TTLLimits, id: String? = nil
    ) async throws(CoreError) -> IssuedToken {
        let parent = PolicyGrant.parent(of: issuer)
        if parent?.entry.type == .batch { throw .badRequest("batch tokens cannot create more tokens") }
        if request.numUses < 0 { throw .badRequest("number of uses cannot be negative") }
        let requested = policies(for: request, parent: parent?.entry)
        try PolicyGrant.check(requested, issuer: issuer)
        let policies = try Self.completed(requested, noDefaultPolicy: request.noDefaultPolicy)
        if request.type == .batch && policies == ["root"] {
            throw .badRequest("batch tokens cannot be root tokens")
        }
        var warnings: [String] = []
        let (ttl, ttlWarnings) = Self.ttl(for: request, policies: policies, limits: limits)
        warnings += ttlWarnings
        let issued = now()
        if !request.orphan, let parentExpiry = parent?.entry.expireTime,
            ttl == 0 || issued.saturatingAdding(ttl) > parentExpiry
        {
            warnings.append(
                "this token outlives its parent, which expires in \(TTLWarning.format(max(0, parentExpiry.saturatingSubtracting(issued)))); "
                    + "it will be revoked with its parent unless created as an orphan")
        }
        let entry = TokenEntry(
            accessor: request.type == .batch ? "" : Self.randomText(24),
            parent: request.orphan ? nil : parent?.key, policies: policies, meta: request.meta,
            displayName: Self.displayName(request.displayName, prefix: request.displayNamePrefix), path: request.path,
            numUses: request.numUses,
            numUsesLimit: request.numUses,
            creationTime: issued, creationTTL: ttl, ttl: ttl, lastRenewalTime: nil,
            explicitMaxTTL: request.explicitMaxTTL, period: request.period,
            renewable: request.type == .batch || ttl == 0 ? false : request.renewable, type: request.type,
            role: request.role, boundCIDRs: request.boundCIDRs)
        if request.type == .batch {
            return IssuedToken(
                value: try BatchToken.seal(entry, key: try loaded().batchKey), entry: entry, warnings: warnings)
        }
        let value = id ?? "hvs." + Self.randomText(24)
        let key = try key(of: value)
        if try await storedEntry(key) != nil { throw .badRequest("a token with that ID already exists") }
        try await save(entry, key: key, replacing: nil, leased: issuer.registersLease)
        return IssuedToken(value: value, entry: entry, warnings: warnings)
    }

    /// Requested or inherited policies, normalized (lower case, trimmed, none empty).
    private func policies(for request: TokenCreation, parent: TokenEntry?) -> [String] {
        let given = request.policies.flatMap { $0.isEmpty ? nil : $0 }
        return (given ?? parent?.policies ?? []).map(Policy.canonicalForm).filter { !$0.isEmpty }
    }

    /// Granted policies with `default` added unless refused, sorted and without repeats; `root`
    /// stands alone. A token has one or two policies as a rule, so an array sorted once beats
    /// hashing each name into sets.
    private static func completed(_ granted: [String], noDefaultPolicy: Bool) throws(CoreError) -> [String] {
        if granted.contains("root") { return ["root"] }
        var requested = granted
        if !noDefaultPolicy { requested.append("default") }
        if requested.isEmpty { throw .badRequest("token must have at least one policy") }
        requested.sort()
        var unique: [String] = []
        unique.reserveCapacity(requested.count)
        for name in requested where unique.last != name { unique.append(name) }
        return unique
    }

    /// The TTL a new token gets, and the warnings to return.
    static func ttl(for request: TokenCreation, policies: [String], limits: TTLLimits) -> (Int64, [String]) {
        if request.period > 0 {
            var max = limits.maxTTL
            if request.explicitMaxTTL > 0 { max = Swift.min(max, request.explicitMaxTTL) }
            guard request.period > max else { return (request.period, []) }
            return (max, [TTLWarning.capped(requested: request.period, max: max, what: "period")])
        }
        if request.ttl == 0 && request.explicitMaxTTL == 0 && policies == ["root"] {
            return (0, [])
        }
        let requested = request.ttl > 0 ? request.ttl : limits.defaultTTL
        var max = limits.maxTTL
        if request.explicitMaxTTL > 0 { max = Swift.min(max, request.explicitMaxTTL) }
        guard requested > max else { return (requested, []) }
        let warning = policies == ["root"] ? [] : [TTLWarning.capped(requested: requested, max: max)]
        return (max, warning)
    }

    /// `<prefix>`, or `<prefix>-<name>` with the name made safe, as Vault names tokens; the prefix
    /// is `token`, or the name of the auth mount a login came through.
    static func displayName(_ name: String?, prefix: String = "token") -> String {
        guard let name, !name.isEmpty else { return prefix }
        let safe = name.map { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" ? $0 : "-" }
        return prefix + "-" + String(safe)
    }
}
