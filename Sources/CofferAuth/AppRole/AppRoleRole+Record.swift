import CofferAPI
import CofferCore

/// How a role is stored: one JSON object at `role/<name>`.
extension AppRoleRole {
    func record() -> [UInt8] {
        let strings: ([String]) -> JSONValue = { .array($0.map { .string($0) }) }
        let fields: [String: JSONValue] = [
            "name": .string(name), "role_id": .string(roleID), "bind_secret_id": .bool(bindSecretID),
            "secret_id_bound_cidrs": strings(secretIDBoundCIDRs), "secret_id_num_uses": .int(secretIDNumUses),
            "secret_id_ttl": .int(secretIDTTL), "local_secret_ids": .bool(localSecretIDs),
        ]
        return JSONValue.object(token.apiValue.merging(fields) { _, role in role }).serialized()
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
        secretIDTTL = BoundedDuration(stored: record["secret_id_ttl"]).seconds
        localSecretIDs = record["local_secret_ids"]?.boolValue ?? false
        token = LoginTokenSettings(record: record)
    }
}
