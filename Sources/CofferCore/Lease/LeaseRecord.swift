import CofferAPI
import Foundation

/// A lease as stored under `lease/id/<lease id>`: what the expiration manager needs to look it up,
/// renew it and revoke it. A token's lease keeps nothing but its kind: its times are the token's.
struct LeaseRecord: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        /// The lease of a service token; the token store renews and revokes it.
        case token
        /// A secret an engine issued; the engine renews and revokes it.
        case secret
    }

    var kind: Kind
    /// The mount that issued a secret: its backend renews and revokes the lease, wherever the
    /// mount has moved since.
    var mountUUID: String?
    /// The storage key of the token that obtained the secret; revoking it revokes the lease.
    var ownerKey: String?
    var issueTime: Int64 = 0
    var expireTime: Int64?
    var lastRenewal: Int64?
    /// The TTL the secret was issued with; a renewal that names no increment asks for it again.
    var ttl: Int64 = 0
    /// The engine's own cap on the lease's life from issue; 0: the mount's max TTL alone.
    var maxTTL: Int64 = 0
    var renewable = false
    /// What the engine keeps with the lease to renew and revoke it (a role, a user name).
    var internalData: [String: JSONValue]?
    /// The time the expiry index files the lease under: its expiry, or its next revocation attempt.
    var scheduled: Int64?
    var revokeAttempts = 0
    /// Why revocation gave up: set once the lease is irrevocable.
    var revokeError: String?

    static func token() -> LeaseRecord { LeaseRecord(kind: .token) }

    var isIrrevocable: Bool { revokeError != nil }

    private enum CodingKeys: String, CodingKey {
        case kind = "k", mountUUID = "m", ownerKey = "o", issueTime = "i", expireTime = "e", lastRenewal = "r"
        case ttl = "t", maxTTL = "x", renewable = "rn", internalData = "d", scheduled = "s", revokeAttempts = "a"
        case revokeError = "err"
    }

    init(kind: Kind) { self.kind = kind }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        mountUUID = try container.decodeIfPresent(String.self, forKey: .mountUUID)
        ownerKey = try container.decodeIfPresent(String.self, forKey: .ownerKey)
        issueTime = try container.decodeIfPresent(Int64.self, forKey: .issueTime) ?? 0
        expireTime = try container.decodeIfPresent(Int64.self, forKey: .expireTime)
        lastRenewal = try container.decodeIfPresent(Int64.self, forKey: .lastRenewal)
        ttl = BoundedDuration(clamping: try container.decodeIfPresent(Int64.self, forKey: .ttl) ?? 0).seconds
        maxTTL = BoundedDuration(clamping: try container.decodeIfPresent(Int64.self, forKey: .maxTTL) ?? 0).seconds
        renewable = try container.decodeIfPresent(Bool.self, forKey: .renewable) ?? false
        internalData = try container.decodeIfPresent([String: JSONValue].self, forKey: .internalData)
        scheduled = try container.decodeIfPresent(Int64.self, forKey: .scheduled)
        revokeAttempts = try container.decodeIfPresent(Int.self, forKey: .revokeAttempts) ?? 0
        revokeError = try container.decodeIfPresent(String.self, forKey: .revokeError)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        guard kind == .secret else { return }
        try container.encodeIfPresent(mountUUID, forKey: .mountUUID)
        try container.encodeIfPresent(ownerKey, forKey: .ownerKey)
        try container.encode(issueTime, forKey: .issueTime)
        try container.encodeIfPresent(expireTime, forKey: .expireTime)
        try container.encodeIfPresent(lastRenewal, forKey: .lastRenewal)
        try container.encode(ttl, forKey: .ttl)
        if maxTTL > 0 { try container.encode(maxTTL, forKey: .maxTTL) }
        try container.encode(renewable, forKey: .renewable)
        try container.encodeIfPresent(internalData, forKey: .internalData)
        try container.encodeIfPresent(scheduled, forKey: .scheduled)
        if revokeAttempts > 0 { try container.encode(revokeAttempts, forKey: .revokeAttempts) }
        try container.encodeIfPresent(revokeError, forKey: .revokeError)
    }

    /// The record as stored. A token's lease stores its kind alone, so its bytes are made once.
    var bytes: [UInt8] {
        kind == .token ? Self.tokenBytes : Self.encoded(self)
    }

    private static let tokenBytes = encoded(LeaseRecord(kind: .token))

    private static func encoded(_ record: LeaseRecord) -> [UInt8] {
        (try? Array(JSONEncoder().encode(record))) ?? []
    }

    /// The record in `bytes`, or nil when they are not one.
    init?(bytes: [UInt8]) {
        guard let record = try? JSONDecoder().decode(LeaseRecord.self, from: Data(bytes)) else { return nil }
        self = record
    }
}
