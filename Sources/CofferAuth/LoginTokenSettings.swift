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

    /// Applies the `token_*` fields present in a request (and the legacy `policies` and `period`).
    mutating func apply(_ fields: FieldReader) throws(CoreError) {
        let legacyPolicies = try fields.stringList("policies")
        if let given = try fields.stringList("token_policies") ?? legacyPolicies {
            policies = given.map(Policy.canonicalForm)
        }
        if let value = try fields.duration("token_ttl") { ttl = value }
        if let value = try fields.duration("token_max_ttl") { maxTTL = value }
        if let value = try fields.duration("token_explicit_max_ttl") { explicitMaxTTL = value }
        let legacyPeriod = try fields.duration("period")
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
        if let cidrs = try fields.stringList("token_bound_cidrs") { boundCIDRs = try Self.checkedCIDRs(cidrs) }
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
