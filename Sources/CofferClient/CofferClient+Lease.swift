/// What `revokeLease` revokes.
public enum LeaseRevocation: Sendable, Equatable {
    /// The lease with this ID; `sync` waits for the revocation instead of queueing it.
    case lease(String, sync: Bool)
    /// Every lease whose ID starts with this path prefix; `sync` as for a single lease.
    case prefix(String, sync: Bool)
    /// Every lease under this path prefix, removed even when its secrets engine fails to
    /// revoke it; always synchronous.
    case force(String)

    /// The API path the revocation is sent to. A prefix goes without enclosing slashes: the
    /// server matches it on whole path segments either way, and refuses a write to a path
    /// ending in `/`.
    public var path: String {
        switch self {
        case .lease: return "sys/leases/revoke"
        case .prefix(let prefix, _): return "sys/leases/revoke-prefix/\(CofferClient.withoutEnclosingSlashes(prefix))"
        case .force(let prefix): return "sys/leases/revoke-force/\(CofferClient.withoutEnclosingSlashes(prefix))"
        }
    }

    /// The request body: the lease ID and `sync`, `sync` alone for a prefix, none when forced.
    public var body: JSONValue? {
        switch self {
        case .lease(let leaseID, let sync): return ["lease_id": .string(leaseID), "sync": .bool(sync)]
        case .prefix(_, let sync): return ["sync": .bool(sync)]
        case .force: return nil
        }
    }
}

/// `sys/leases`: looking up, renewing and revoking the leases of secrets and tokens.
extension CofferClient {
    /// `PUT /v1/sys/leases/lookup`: the lease's ID, path, issue and expiry times, TTL and
    /// renewability in `data`.
    public func lookupLease(_ leaseID: String) async throws(ClientError) -> APIResponse {
        try await request("PUT", "sys/leases/lookup", body: ["lease_id": .string(leaseID)])
    }

    /// `PUT /v1/sys/leases/renew`: extends the lease by `increment` seconds; 0 asks for the
    /// lease's default. The answer carries the new `lease_duration`.
    public func renewLease(_ leaseID: String, increment: Int64) async throws(ClientError) -> APIResponse {
        try await request(
            "PUT", "sys/leases/renew", body: ["lease_id": .string(leaseID), "increment": .int(increment)])
    }

    /// `PUT /v1/sys/leases/revoke`, `revoke-prefix/:prefix` or `revoke-force/:prefix`: revokes
    /// leases as `revocation` says; revoking a lease that does not exist succeeds.
    public func revokeLease(_ revocation: LeaseRevocation) async throws(ClientError) {
        _ = try await request("PUT", revocation.path, body: revocation.body)
    }
}
