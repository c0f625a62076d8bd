import CofferAPI
import CofferCore

/// An AppRole role: how its secret IDs are issued and checked, and the token a login gets.
struct AppRoleRole: Sendable, Equatable {
    let name: String
    var roleID: String
    var bindSecretID = true
    var secretIDBoundCIDRs: [String] = []
    var secretIDNumUses: Int64 = 0
    var secretIDTTL: Int64 = 0
    var localSecretIDs = false
    var tokenPolicies: [String] = []
    var tokenTTL: Int64 = 0
    var tokenMaxTTL: Int64 = 0
    var tokenExplicitMaxTTL: Int64 = 0
    var tokenPeriod: Int64 = 0
    var tokenNumUses: Int64 = 0
    var tokenNoDefaultPolicy = false
    var tokenType = "default"
    var tokenBoundCIDRs: [String] = []

    static let tokenTypes: Set<String> = ["default", "service", "batch", "default-service", "default-batch"]

    /// Applies the role fields present in a create or update request.
    mutating func apply(_ fields: FieldReader, creating: Bool) throws(CoreError) {
        if let bind = try fields.bool("bind_secret_id") { bindSecretID = bind }
        let legacyCIDRs = try fields.stringList("bound_cidr_list")
        if let cidrs = try fields.stringList("secret_id_bound_cidrs") ?? legacyCIDRs {
            secretIDBoundCIDRs = try Self.checkedCIDRs(cidrs)
        }
        if let uses = try fields.int("secret_id_num_uses") {
            guard uses >= 0 else { throw .badRequest("secret_id_num_uses cannot be negative") }
            secretIDNumUses = uses
        }
        if let ttl = try fields.duration("secret_id_ttl") { secretIDTTL = ttl }
        if creating, let local = try fields.bool("local_secret_ids") { localSecretIDs = local }
        let legacyPolicies = try fields.stringList("policies")
        if let policies = try fields.stringList("token_policies") ?? legacyPolicies {
            tokenPolicies = policies.map { $0.lowercased() }
        }
        if let ttl = try fields.duration("token_ttl") { tokenTTL = ttl }
        if let ttl = try fields.duration("token_max_ttl") { tokenMaxTTL = ttl }
        if let ttl = try fields.duration("token_explicit_max_ttl") { tokenExplicitMaxTTL = ttl }
        let legacyPeriod = try fields.duration("period")
        if let period = try fields.duration("token_period") ?? legacyPeriod { tokenPeriod = period }
        if let uses = try fields.int("token_num_uses") {
            guard uses >= 0 else { throw .badRequest("token_num_uses cannot be negative") }
            tokenNumUses = uses
        }
        if let noDefault = try fields.bool("token_no_default_policy") { tokenNoDefaultPolicy = noDefault }
        if let type = try fields.string("token_type") {
            guard Self.tokenTypes.contains(type) else { throw .badRequest("invalid 'token_type' value \"\(type)\"") }
            tokenType = type
        }
        if let cidrs = try fields.stringList("token_bound_cidrs") { tokenBoundCIDRs = try Self.checkedCIDRs(cidrs) }
        if tokenMaxTTL > 0 && tokenTTL > tokenMaxTTL {
            throw .badRequest("'token_ttl' cannot be greater than 'token_max_ttl'")
        }
        if !bindSecretID && secretIDBoundCIDRs.isEmpty && tokenBoundCIDRs.isEmpty {
            throw .badRequest("at least one constraint should be enabled on the role")
        }
        if tokenType.hasSuffix("batch") && (tokenNumUses > 0 || tokenPeriod > 0 || tokenExplicitMaxTTL > 0) {
            throw .badRequest("batch tokens cannot have token_num_uses, token_period or token_explicit_max_ttl set")
        }
    }

    static func checkedCIDRs(_ cidrs: [String]) throws(CoreError) -> [String] {
        for cidr in cidrs where CIDRBlock(cidr) == nil {
            throw .badRequest("invalid CIDR block \"\(cidr)\"")
        }
        return cidrs
    }

    /// The token a login with this role gets.
    func grant(metadata: [String: String], extraBoundCIDRs: [String]) -> LoginGrant {
        var grant = LoginGrant(
            policies: tokenPolicies, metadata: metadata.merging(["role_name": name]) { _, role in role })
        grant.ttl = tokenTTL
        grant.maxTTL = tokenMaxTTL
        grant.explicitMaxTTL = tokenExplicitMaxTTL
        grant.period = tokenPeriod
        grant.numUses = tokenNumUses
        grant.tokenType = tokenType == "default" ? "default-service" : tokenType
        grant.boundCIDRs = extraBoundCIDRs.isEmpty ? tokenBoundCIDRs : extraBoundCIDRs
        grant.noDefaultPolicy = tokenNoDefaultPolicy
        return grant
    }

    /// The role as `role/<name>` reads it.
    var apiValue: [String: JSONValue] {
        [
            "bind_secret_id": .bool(bindSecretID), "local_secret_ids": .bool(localSecretIDs),
            "secret_id_bound_cidrs": secretIDBoundCIDRs.isEmpty
                ? .null : .array(secretIDBoundCIDRs.map { .string($0) }),
            "secret_id_num_uses": .int(secretIDNumUses), "secret_id_ttl": .int(secretIDTTL),
            "token_bound_cidrs": .array(tokenBoundCIDRs.map { .string($0) }),
            "token_explicit_max_ttl": .int(tokenExplicitMaxTTL), "token_max_ttl": .int(tokenMaxTTL),
            "token_no_default_policy": .bool(tokenNoDefaultPolicy), "token_num_uses": .int(tokenNumUses),
            "token_period": .int(tokenPeriod), "token_policies": .array(tokenPolicies.map { .string($0) }),
            "token_strictly_bind_ip": false, "token_ttl": .int(tokenTTL), "token_type": .string(tokenType),
        ]
    }
}
