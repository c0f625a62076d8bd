/// What `POST /v1/auth/token/create` is asked for; unset members are left to the server's defaults.
public struct TokenCreateRequest: Sendable, Equatable {
    /// Policies to attach; the server adds `default` unless `noDefaultPolicy`.
    public var policies: [String] = []
    /// Free-form metadata shown by lookups and in audit logs.
    public var metadata: [String: String] = [:]
    /// Seconds the token lives before it must be renewed.
    public var ttl: Int64?
    /// Seconds past which the token can never be renewed.
    public var explicitMaxTTL: Int64?
    /// Seconds each renewal extends a periodic token by; such a token has no maximum TTL.
    public var period: Int64?
    /// How many requests the token may make; 0 means unlimited.
    public var numUses: Int = 0
    /// Whether the token has no parent, so it outlives the creator's revocation.
    public var orphan = false
    /// Whether to leave out the `default` policy.
    public var noDefaultPolicy = false
    /// Whether the token may be renewed.
    public var renewable = true
    /// A name shown by lookups, prefixed by the server with `token-`.
    public var displayName: String?
    /// `service` or `batch`; the server's default when nil.
    public var type: String?
    /// The token role to create the token against, if any.
    public var role: String?

    /// A request leaving every choice to the server.
    public init() {}

    /// The request body, with vault's field names; durations are sent as seconds.
    public var body: JSONValue {
        var body: [String: JSONValue] = ["renewable": .bool(renewable)]
        if !policies.isEmpty { body["policies"] = .array(policies.map { .string($0) }) }
        if !metadata.isEmpty { body["meta"] = .object(metadata.mapValues { .string($0) }) }
        if let ttl { body["ttl"] = .string("\(ttl)s") }
        if let explicitMaxTTL { body["explicit_max_ttl"] = .string("\(explicitMaxTTL)s") }
        if let period { body["period"] = .string("\(period)s") }
        if numUses != 0 { body["num_uses"] = .int(Int64(numUses)) }
        if orphan { body["no_parent"] = true }
        if noDefaultPolicy { body["no_default_policy"] = true }
        if let displayName { body["display_name"] = .string(displayName) }
        if let type { body["type"] = .string(type) }
        return .object(body)
    }

    /// The API path the request goes to: `auth/token/create` or `auth/token/create/<role>`.
    public var path: String {
        role.map { "auth/token/create/\($0)" } ?? "auth/token/create"
    }
}
