import CofferAPI
import CofferCore

/// The `token_*` fields an auth method's role or user sets for the tokens its logins get, as
/// Vault's methods share them: policies, TTLs, period, uses, type and bound CIDRs.
struct LoginTokenSettings: Sendable, Equatable {
    var policies: [String] = []
    var ttl: Int64 = 0
    var maxTTL: Int64 = 0
    var explicitMaxTTL: Int64 = 0
    var period: Int64 = 0
    var numUses: Int64 = 0
    var noDefaultPolicy = false
    var type = "default"
    var boundCIDRs: [String] = []

    static let types: Set<String> = ["default", "service", "batch", "default-service", "default-batch"]

    /// The `token_*` fields, and `policies`, their old name for `token_policies`, of a role or user
    /// write; an auth method adds the other old names it takes (`legacyNames`).
    static let fields = [
        FieldSpec("token_policies", .commaStringSlice, "The policies of the tokens."),
        FieldSpec("policies", .commaStringSlice, "The policies of the tokens, under their old name."),
        FieldSpec("token_ttl", .duration, "The tokens' initial time to live."),
        FieldSpec("token_max_ttl", .duration, "The longest the tokens may live, renewals included."),
        FieldSpec("token_explicit_max_ttl", .duration, "A hard end to the tokens' life, whatever the mount allows."),
        FieldSpec("token_period", .duration, "Makes the tokens periodic, with this period."),
        FieldSpec("token_num_uses", .int, "How many requests each token may make; 0 for no limit."),
        FieldSpec("token_no_default_policy", .bool, "Whether to leave out the default policy."),
        FieldSpec("token_type", .string, "\"service\", \"batch\", \"default-service\" or \"default-batch\"."),
        FieldSpec("token_bound_cidrs", .commaStringSlice, "The networks the tokens may be used from."),
    ]

    /// Old names some methods still take: the new name wins when both are given.
    static let legacyNames = [
        "period": FieldSpec("period", .duration, "The tokens' period, under its old name."),
        "ttl": FieldSpec("ttl", .duration, "The tokens' time to live, under its old name."),
        "max_ttl": FieldSpec("max_ttl", .duration, "The tokens' longest life, under its old name."),
        "bound_cidrs": FieldSpec("bound_cidrs", .commaStringSlice, "The networks, under their old name."),
    ]

    /// Applies the `token_*` fields present in a request, and the old names the path declares.
    mutating func apply(_ fields: FieldValues) throws(CoreError) {
        func legacyDuration(_ name: String) throws(CoreError) -> Int64? {
            fields.declares(name) ? try fields.duration(name) : nil
        }
        let legacyPolicies = try fields.strings("policies")
        if let given = try fields.strings("token_policies") ?? legacyPolicies { policies = given.map(Policy.canonicalForm) }
        let legacyTTL = try legacyDuration("ttl")
        if let value = try fields.duration("token_ttl") ?? legacyTTL { ttl = value }
        let legacyMaxTTL = try legacyDuration("max_ttl")
        if let value = try fields.duration("token_max_ttl") ?? legacyMaxTTL { maxTTL = value }
        if let value = try fields.duration("token_explicit_max_ttl") { explicitMaxTTL = value }
        let legacyPeriod = try legacyDuration("period")
        if let value = try fields.duration("token_period") ?? legacyPeriod { period = value }
        if let uses = try fields.int("token_num_uses") {
            guard uses >= 0 else { throw .badRequest("token_num_uses cannot be negative") }
            numUses = uses
        }
        if let value = try fields.bool("token_no_default_policy") { noDefaultPolicy = value }
        if let value = try fields.string("token_type") {
            guard Self.types.contains(value) else { throw .badRequest("invalid 'token_type' value \"\(value)\"") }
            type = value
        }
        let legacyCIDRs = fields.declares("bound_cidrs") ? try fields.strings("bound_cidrs") : nil
        if let cidrs = try fields.strings("token_bound_cidrs") ?? legacyCIDRs { boundCIDRs = try Self.checkedCIDRs(cidrs) }
        if maxTTL > 0 && ttl > maxTTL { throw .badRequest("'token_ttl' cannot be greater than 'token_max_ttl'") }
        if type.hasByteSuffix("batch") && (numUses > 0 || period > 0 || explicitMaxTTL > 0) {
            throw .badRequest("batch tokens cannot have token_num_uses, token_period or token_explicit_max_ttl set")
        }
    }

    static func checkedCIDRs(_ cidrs: [String]) throws(CoreError) -> [String] {
        for cidr in cidrs where CIDRBlock(cidr) == nil {
            throw .badRequest("invalid CIDR block \"\(cidr)\"")
        }
        return cidrs
    }

    /// The grant for one login; `boundCIDRs` replaces the settings' own when not empty.
    func grant(metadata: [String: String], displayName: String? = nil, boundCIDRs override: [String] = [])
        -> LoginGrant
    {
        var grant = LoginGrant(policies: policies, metadata: metadata)
        grant.displayName = displayName
        grant.ttl = ttl
        grant.maxTTL = maxTTL
        grant.explicitMaxTTL = explicitMaxTTL
        grant.period = period
        grant.numUses = numUses
        grant.tokenType = type == "default" ? "default-service" : type
        grant.boundCIDRs = override.isEmpty ? boundCIDRs : override
        grant.noDefaultPolicy = noDefaultPolicy
        return grant
    }

    /// The fields as reads show them (and as records store them).
    var apiValue: [String: JSONValue] {
        [
            "token_bound_cidrs": .array(boundCIDRs.map { .string($0) }), "token_explicit_max_ttl": .int(explicitMaxTTL),
            "token_max_ttl": .int(maxTTL), "token_no_default_policy": .bool(noDefaultPolicy),
            "token_num_uses": .int(numUses), "token_period": .int(period),
            "token_policies": .array(policies.map { .string($0) }), "token_strictly_bind_ip": false,
            "token_ttl": .int(ttl), "token_type": .string(type),
        ]
    }

    /// The settings read back from a record written with `apiValue`.
    init(record: [String: JSONValue]) {
        let strings: (String) -> [String] = { record[$0]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        policies = strings("token_policies")
        ttl = BoundedDuration(stored: record["token_ttl"]).seconds
        maxTTL = BoundedDuration(stored: record["token_max_ttl"]).seconds
        explicitMaxTTL = BoundedDuration(stored: record["token_explicit_max_ttl"]).seconds
        period = BoundedDuration(stored: record["token_period"]).seconds
        numUses = record["token_num_uses"]?.intValue ?? 0
        noDefaultPolicy = record["token_no_default_policy"]?.boolValue ?? false
        type = record["token_type"]?.stringValue ?? "default"
        boundCIDRs = strings("token_bound_cidrs")
    }

    init() {}
}
