/// What an auth method's login grants: the token the core then issues, as the method's role
/// describes it. Zero durations mean "the mount's (or server's) default".
public struct LoginGrant: Sendable, Equatable {
    public var policies: [String]
    /// Shown as the token's `meta`.
    public var metadata: [String: String]
    /// Appended to the mount's name in the token's display name (`userpass-alice`).
    public var displayName: String?
    public var ttl: Int64 = 0
    /// The most the token may live from creation, renewals included.
    public var maxTTL: Int64 = 0
    public var explicitMaxTTL: Int64 = 0
    public var period: Int64 = 0
    public var numUses: Int64 = 0
    /// `service`, `batch`, or `default` (the mount's `token_type`, else service).
    public var tokenType = "default"
    public var boundCIDRs: [String] = []
    public var noDefaultPolicy = false

    public init(policies: [String], metadata: [String: String] = [:]) {
        self.policies = policies
        self.metadata = metadata
    }
}

/// An auth method: a backend whose logins issue tokens, and which decides on their renewal.
public protocol CredentialBackend: Backend {
    /// The current terms for renewing `entry`, a token this mount issued; throws when the login
    /// behind it no longer allows renewal (e.g. its role was deleted).
    func renewal(of entry: TokenEntry, storage: any Storage) async throws -> LoginGrant
}
