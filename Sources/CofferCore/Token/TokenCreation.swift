/// What a caller asks of a new token, after request parsing and role overrides.
public struct TokenCreation: Sendable {
    /// nil: inherit the parent's policies.
    public var policies: [String]?
    public var meta: [String: String]?
    public var displayName: String?
    /// What the display name starts with: `token` for tokens made through `auth/token/`, the
    /// mount's path for logins.
    public var displayNamePrefix = "token"
    public var numUses: Int64 = 0
    public var ttl: Int64 = 0
    public var explicitMaxTTL: Int64 = 0
    public var period: Int64 = 0
    public var renewable = true
    public var orphan = false
    public var noDefaultPolicy = false
    public var type: TokenType = .service
    public var role: String?
    public var boundCIDRs: [String]?
    public var path = "auth/token/create"

    public init() {}
}

/// The TTL bounds of the token mount, from `sys/auth/token/tune` or the server defaults.
public struct TTLLimits: Sendable, Equatable {
    public var defaultTTL: Int64
    public var maxTTL: Int64
}

/// A token just created: its value, its entry, and any warnings for the client.
public struct IssuedToken: Sendable {
    public let value: String
    public let entry: TokenEntry
    public let warnings: [String]
}

/// Vault's capping warning, durations printed as Vault does (`1h30m`, `768h`, `45s`).
enum TTLWarning {
    static func capped(requested: Int64, max: Int64, what: String = "TTL") -> String {
        "\(what) of \"\(format(requested))\" exceeded the effective max_ttl of \"\(format(max))\"; \(what) value is capped accordingly"
    }

    static func format(_ seconds: Int64) -> String {
        if seconds == 0 { return "0s" }
        var text = ""
        if seconds >= 3600 { text += "\(seconds / 3600)h" }
        if seconds % 3600 >= 60 { text += "\((seconds % 3600) / 60)m" }
        if seconds % 60 > 0 { text += "\(seconds % 60)s" }
        return text
    }
}
