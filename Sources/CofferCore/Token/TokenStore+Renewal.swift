import CofferAPI

/// Renewal with Vault's caps: periodic tokens renew to their period (at most the mount's max TTL); others to the increment
/// (or their original TTL), never past the explicit max TTL or the mount's max TTL from creation.
extension TokenStore {
    func renew(_ key: String, increment: Int64, limits: TTLLimits) async throws(CoreError) -> (TokenEntry, [String]) {
        try await changing(key) { () async throws(CoreError) -> (TokenEntry, [String]) in
            guard var entry = try await liveEntry(key) else { throw CoreError(.permissionDenied, ["bad token"]) }
            guard entry.renewable else { throw .badRequest("lease is not renewable") }
            let current = now()
            var maxTTL = limits.maxTTL
            if entry.explicitMaxTTL > 0 { maxTTL = min(maxTTL, entry.explicitMaxTTL) }
            let remainingMax = entry.creationTime.saturatingAdding(maxTTL).saturatingSubtracting(current)
            var warnings: [String] = []
            var ttl: Int64
            if entry.period > 0 {
                let period = min(entry.period, limits.maxTTL)
                ttl =
                    entry.explicitMaxTTL > 0
                    ? min(period, entry.creationTime.saturatingAdding(entry.explicitMaxTTL).saturatingSubtracting(current))
                    : period
            } else {
                let requested = increment > 0 ? increment : entry.ttl
                ttl = requested
                if requested > remainingMax {
                    ttl = remainingMax
                    warnings.append(TTLWarning.capped(requested: requested, max: remainingMax))
                }
            }
            guard ttl > 0 else { throw .badRequest("the token has reached its max TTL and cannot be renewed") }
            let previous = entry
            entry.ttl = ttl
            entry.lastRenewalTime = current
            try await save(entry, key: key, replacing: previous)
            return (entry, warnings)
        }
    }
}
