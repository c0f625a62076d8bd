import CofferAPI
import Foundation

/// The token as `auth/token/lookup*` and the `auth` block of responses show it.
extension TokenEntry {
    /// The lookup body; `id` is the token value, or "" when looked up by accessor.
    func lookupData(id: String, now: Int64) -> [String: JSONValue] {
        var data: [String: JSONValue] = [
            "accessor": .string(accessor),
            "creation_time": .int(creationTime),
            "creation_ttl": .int(creationTTL),
            "display_name": .string(displayName),
            "entity_id": "",
            "expire_time": expireTime.map { .string(Self.timestamp($0)) } ?? .null,
            "explicit_max_ttl": .int(explicitMaxTTL),
            "id": .string(id),
            "issue_time": .string(Self.timestamp(creationTime)),
            "meta": meta.map { .object($0.mapValues { .string($0) }) } ?? .null,
            "num_uses": .int(numUses),
            "orphan": .bool(parent == nil),
            "path": .string(path),
            "policies": .array(policies.map { .string($0) }),
            "renewable": .bool(renewable),
            "ttl": .int(remaining(at: now)),
            "type": .string(type.rawValue),
        ]
        if period > 0 && role == nil { data["period"] = .int(period) }
        if let role { data["role"] = .string(role) }
        if let boundCIDRs {
            data["bound_cidrs"] = .array(boundCIDRs.map { .string($0.hasByteSuffix("/32") ? String($0.dropLast(3)) : $0) })
        }
        if let lastRenewalTime {
            data["last_renewal_time"] = .int(lastRenewalTime)
            data["last_renewal"] = .string(Self.timestamp(lastRenewalTime))
        }
        return data
    }

    /// The `auth` block for a response that issued or renewed this token, its `lease_duration` the
    /// time left at `now`: a new token's creation time, so it is the TTL granted even when the
    /// clock ticks before the answer.
    func authBlock(token: String, now: Int64) -> [String: JSONValue] {
        [
            "client_token": .string(token),
            "accessor": .string(accessor),
            "policies": .array(policies.map { .string($0) }),
            "token_policies": .array(policies.map { .string($0) }),
            "metadata": meta.map { .object($0.mapValues { .string($0) }) } ?? .null,
            "lease_duration": .int(remaining(at: now)),
            "renewable": .bool(renewable),
            "entity_id": "",
            "token_type": .string(type.rawValue),
            "orphan": .bool(parent == nil),
            "mfa_requirement": .null,
            "num_uses": .int(numUsesLimit),
        ]
    }

    /// Unix seconds in RFC 3339 (`2026-12-07T03:21:57Z`), held within the years `Timestamp` covers.
    static func timestamp(_ seconds: Int64) -> String {
        Timestamp(seconds: seconds).rfc3339
    }
}
