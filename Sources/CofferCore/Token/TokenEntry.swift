import CofferAPI

/// The kind of a token: persisted service tokens, or self-contained batch tokens.
public enum TokenType: String, Sendable, Codable {
    case service
    case batch
}

/// A token's stored state: what it may do, where it came from, and when it ends.
///
/// Never holds the token's value; it is stored under a salted HMAC of that value.
public struct TokenEntry: Sendable, Decodable, Equatable {
    public var accessor: String
    /// The storage key (HMAC) of the parent token; nil for an orphan.
    public var parent: String?
    public var policies: [String]
    public var meta: [String: String]?
    public var displayName: String
    public var path: String
    /// Uses left; 0 means unlimited, -1 that the last use is being spent.
    public var numUses: Int64
    /// The use limit the token was created with; 0 means unlimited.
    public var numUsesLimit: Int64
    public var creationTime: Int64
    public var creationTTL: Int64
    /// The TTL counted from `lastRenewalTime` (or creation); 0 means the token does not expire.
    public var ttl: Int64
    public var lastRenewalTime: Int64?
    public var explicitMaxTTL: Int64
    public var period: Int64
    public var renewable: Bool
    public var type: TokenType
    public var role: String?
    /// Where the token may be used from (CIDR blocks), from its role; nil means anywhere.
    public var boundCIDRs: [String]?

    /// True for tokens carrying the `root` policy, which every check grants.
    public var isRoot: Bool { policies.contains("root") }

    /// When the token ends on its own (unix seconds), or nil if never.
    public var expireTime: Int64? {
        ttl == 0 ? nil : (lastRenewalTime ?? creationTime).saturatingAdding(ttl)
    }

    /// Seconds left at `now`, never negative; 0 for tokens that do not expire.
    public func remaining(at now: Int64) -> Int64 {
        guard let expireTime else { return 0 }
        return max(0, expireTime.saturatingSubtracting(now))
    }

    /// True when the token has expired at `now`. Times are whole seconds, so a token lives through
    /// the second it expires in: never shorter than its TTL, at most a second longer.
    public func isExpired(at now: Int64) -> Bool {
        guard let expireTime else { return false }
        return expireTime < now
    }
}
