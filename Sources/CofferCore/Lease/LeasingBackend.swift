import CofferAPI

/// A secrets engine whose answers carry leases (`Response.secret`): the expiration manager asks
/// it to extend and to undo what it issued.
public protocol LeasingBackend: Backend {
    /// Extends `lease` by up to `ttl` seconds; returns the TTL granted (at most `ttl`). Throwing
    /// refuses the renewal, and the lease keeps its expiry.
    func renew(_ lease: Lease, ttl: Int64, storage: any Storage) async throws -> Int64
    /// Undoes what the secret granted (drops a database user, deletes a key). Throwing leaves the
    /// lease to be retried with backoff, then marked irrevocable.
    func revoke(_ lease: Lease, storage: any Storage) async throws
}

/// A lease as an engine sees it when renewing or revoking.
public struct Lease: Sendable {
    public let id: String
    /// The request path that issued the secret (the lease ID without its random suffix).
    public let path: String
    /// What the engine kept with the secret when issuing it.
    public let internalData: [String: JSONValue]
    public let issueTime: Int64
    public let expireTime: Int64?
}

/// What a handler answers to issue a leased secret: its data goes in the answer, the rest stays
/// with the lease. Zero durations mean "the mount's default" and "the mount's max".
public struct SecretGrant: Sendable, Equatable {
    public var ttl: Int64
    public var maxTTL: Int64
    public var renewable: Bool
    public var internalData: [String: JSONValue]

    public init(ttl: Int64 = 0, maxTTL: Int64 = 0, renewable: Bool = true, internalData: [String: JSONValue] = [:]) {
        self.ttl = ttl
        self.maxTTL = maxTTL
        self.renewable = renewable
        self.internalData = internalData
    }
}
