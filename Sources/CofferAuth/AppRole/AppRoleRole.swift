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
    var token = LoginTokenSettings()

    /// The fields of a role write besides its name and role ID. None has a default: an update
    /// keeps what it does not give.
    static let fields =
        [
            FieldSpec("bind_secret_id", .bool, "Whether a login needs a secret ID (true when never set)."),
            FieldSpec("secret_id_bound_cidrs", .commaStringSlice, "The networks logins may come from."),
            FieldSpec("bound_cidr_list", .commaStringSlice, "The networks logins may come from, under the old name."),
            FieldSpec("secret_id_num_uses", .int, "How many logins each secret ID allows; 0 for no limit."),
            FieldSpec("secret_id_ttl", .duration, "How long secret IDs live; 0 for ever."),
            FieldSpec("local_secret_ids", .bool, "Whether secret IDs stay on this cluster; set at creation only."),
        ] + LoginTokenSettings.fields + [LoginTokenSettings.legacyNames["period"]].compactMap { $0 }

    /// Applies the role fields present in a create or update request.
    mutating func apply(_ fields: FieldValues, creating: Bool) throws(CoreError) {
        if let bind = try fields.bool("bind_secret_id") { bindSecretID = bind }
        let legacyCIDRs = try fields.strings("bound_cidr_list")
        if let cidrs = try fields.strings("secret_id_bound_cidrs") ?? legacyCIDRs {
            secretIDBoundCIDRs = try LoginTokenSettings.checkedCIDRs(cidrs)
        }
        if let uses = try fields.int("secret_id_num_uses") {
            guard uses >= 0 else { throw .badRequest("secret_id_num_uses cannot be negative") }
            secretIDNumUses = uses
        }
        if let ttl = try fields.duration("secret_id_ttl") { secretIDTTL = ttl }
        if creating, let local = try fields.bool("local_secret_ids") { localSecretIDs = local }
        try token.apply(fields)
        if !bindSecretID && secretIDBoundCIDRs.isEmpty && token.boundCIDRs.isEmpty {
            throw .badRequest("at least one constraint should be enabled on the role")
        }
    }

    /// The token a login with this role gets.
    func grant(metadata: [String: String], extraBoundCIDRs: [String]) -> LoginGrant {
        token.grant(metadata: metadata.merging(["role_name": name]) { _, role in role }, boundCIDRs: extraBoundCIDRs)
    }

    /// The role as `role/<name>` reads it.
    var apiValue: [String: JSONValue] {
        token.apiValue.merging([
            "bind_secret_id": .bool(bindSecretID), "local_secret_ids": .bool(localSecretIDs),
            "secret_id_bound_cidrs": secretIDBoundCIDRs.isEmpty
                ? .null : .array(secretIDBoundCIDRs.map { .string($0) }),
            "secret_id_num_uses": .int(secretIDNumUses), "secret_id_ttl": .int(secretIDTTL),
        ]) { _, role in role }
    }
}
