import CofferAPI
import CofferCore

/// How a role is stored: one JSON object at `role/<name>`.
extension AppRoleRole {
    func record() -> [UInt8] {
        let strings: ([String]) -> JSONValue = { .array($0.map { .string($0) }) }
        let record: JSONValue = [
            "name": .string(name), "role_id": .string(roleID), "bind_secret_id": .bool(bindSecretID),
            "secret_id_bound_cidrs": strings(secretIDBoundCIDRs), "secret_id_num_uses": .int(secretIDNumUses),
            "secret_id_ttl": .int(secretIDTTL), "local_secret_ids": .bool(localSecretIDs),
            "token_policies": strings(tokenPolicies), "token_ttl": .int(tokenTTL), "token_max_ttl": .int(tokenMaxTTL),
            "token_explicit_max_ttl": .int(tokenExplicitMaxTTL), "token_period": .int(tokenPeriod),
            "token_num_uses": .int(tokenNumUses), "token_no_default_policy": .bool(tokenNoDefaultPolicy),
            "token_type": .string(tokenType), "token_bound_cidrs": strings(tokenBoundCIDRs),
        ]
        return record.serialized()
    }

    init(record bytes: [UInt8]) throws(CoreError) {
        guard let record = try? JSONValue(parsing: bytes).objectValue, let name = record["name"]?.stringValue,
            let roleID = record["role_id"]?.stringValue
        else { throw .internalError("a stored AppRole role is damaged") }
        let strings: (String) -> [String] = { record[$0]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        self.init(name: name, roleID: roleID)
        bindSecretID = record["bind_secret_id"]?.boolValue ?? true
        secretIDBoundCIDRs = strings("secret_id_bound_cidrs")
        secretIDNumUses = record["secret_id_num_uses"]?.intValue ?? 0
        secretIDTTL = record["secret_id_ttl"]?.intValue ?? 0
        localSecretIDs = record["local_secret_ids"]?.boolValue ?? false
        tokenPolicies = strings("token_policies")
        tokenTTL = record["token_ttl"]?.intValue ?? 0
        tokenMaxTTL = record["token_max_ttl"]?.intValue ?? 0
        tokenExplicitMaxTTL = record["token_explicit_max_ttl"]?.intValue ?? 0
        tokenPeriod = record["token_period"]?.intValue ?? 0
        tokenNumUses = record["token_num_uses"]?.intValue ?? 0
        tokenNoDefaultPolicy = record["token_no_default_policy"]?.boolValue ?? false
        tokenType = record["token_type"]?.stringValue ?? "default"
        tokenBoundCIDRs = strings("token_bound_cidrs")
    }
}
