import CofferAPI
import CofferCore

/// One secret ID of a role, stored under an HMAC of its value (the value itself is never kept).
struct AppRoleSecretID: Sendable, Equatable {
    let accessor: String
    var metadata: [String: String] = [:]
    /// Logins left; 0 means unlimited.
    var numUses: Int64 = 0
    let ttl: Int64
    let created: Timestamp
    var lastUpdated: Timestamp
    /// Where logins with it may come from; empty means anywhere the role allows.
    var cidrList: [String] = []
    /// Overrides the role's `token_bound_cidrs` for tokens from logins with this secret ID.
    var tokenBoundCIDRs: [String] = []

    /// When it stops working, or nil if never.
    var expiration: Timestamp? { ttl > 0 ? created.adding(seconds: ttl) : nil }

    func isExpired(at now: Timestamp) -> Bool {
        guard let expiration else { return false }
        return expiration < now
    }

    /// The secret ID as the lookup endpoints show it.
    var apiValue: [String: JSONValue] {
        [
            "secret_id_accessor": .string(accessor), "metadata": .object(metadata.mapValues { .string($0) }),
            "secret_id_num_uses": .int(numUses), "secret_id_ttl": .int(ttl),
            "creation_time": .string(created.rfc3339), "last_updated_time": .string(lastUpdated.rfc3339),
            "expiration_time": .string(expiration?.rfc3339 ?? "0001-01-01T00:00:00Z"),
            "cidr_list": .array(cidrList.map { .string($0) }),
            "token_bound_cidrs": .array(tokenBoundCIDRs.map { .string($0) }),
        ]
    }

    func record() -> [UInt8] {
        let strings: ([String]) -> JSONValue = { .array($0.map { .string($0) }) }
        let record: JSONValue = [
            "accessor": .string(accessor), "metadata": .object(metadata.mapValues { .string($0) }),
            "num_uses": .int(numUses), "ttl": .int(ttl), "created": .int(created.nanoseconds),
            "last_updated": .int(lastUpdated.nanoseconds), "cidr_list": strings(cidrList),
            "token_bound_cidrs": strings(tokenBoundCIDRs),
        ]
        return record.serialized()
    }

    init(accessor: String, ttl: Int64, created: Timestamp) {
        self.accessor = accessor
        self.ttl = ttl
        self.created = created
        lastUpdated = created
    }

    init(record bytes: [UInt8]) throws(CoreError) {
        guard let record = try? JSONValue(parsing: bytes).objectValue, let accessor = record["accessor"]?.stringValue,
            let created = record["created"]?.intValue
        else { throw .internalError("a stored AppRole secret ID is damaged") }
        let strings: (String) -> [String] = { record[$0]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        self.init(
            accessor: accessor, ttl: BoundedDuration(stored: record["ttl"]).seconds,
            created: Timestamp(nanoseconds: created))
        metadata = record["metadata"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        numUses = record["num_uses"]?.intValue ?? 0
        lastUpdated = Timestamp(nanoseconds: record["last_updated"]?.intValue ?? created)
        cidrList = strings("cidr_list")
        tokenBoundCIDRs = strings("token_bound_cidrs")
    }
}
