import CofferAPI
import Logging
import Synchronization

/// Every lease: the secrets engines issue and the tokens that logins and the token store issue.
/// It registers, looks up, renews and revokes them, and revokes each when it is due, through
/// the engine that issued it (`LeasingBackend`) or, for a token, through the token store.
///
/// Nothing about leases is loaded into memory at unseal: records and indexes stay in storage
/// (`LeaseLayout`), and the sweep reads only the due part of the expiry index.
final class ExpirationManager: Sendable {
    /// Failed revocations of a lease before it is marked irrevocable, as in the reference.
    static let maxRevokeAttempts = 6
    /// The first retry waits about twice this; each further one doubles, with ±50 % jitter.
    static let retryBase: Int64 = 10
    /// How often an irrevocable lease is tried again (its error is kept until one succeeds).
    static let irrevocableRetryInterval: Int64 = 3600
    static let outOfRetries = "out of retries"
    static let maxErrorLength = 240
    static let invalidLease = CoreError.badRequest("invalid lease")

    let storage: any Storage
    let tokens: TokenStore
    let mounts: MountTable
    /// The TTL bounds of a mount: its tuning within the server's.
    let limits: @Sendable (MountEntry) -> TTLLimits
    let now: @Sendable () -> Int64
    let logger: Logger
    private let locks = KeyLocks()
    /// True while a tidy runs; a second one asked for meanwhile does nothing.
    let tidying = Mutex(false)

    init(
        storage: any Storage, tokens: TokenStore, mounts: MountTable, limits: @escaping @Sendable (MountEntry) -> TTLLimits,
        now: @escaping @Sendable () -> Int64, logger: Logger
    ) {
        self.storage = storage
        self.tokens = tokens
        self.mounts = mounts
        self.limits = limits
        self.now = now
        self.logger = logger
    }

    /// Registers the lease of a secret `mount` issued at `path` for `owner`; returns its ID, its
    /// TTL (the grant's, else the mount's default, within the mount's max) and any warning.
    func register(_ grant: SecretGrant, path: String, mount: MountEntry, owner: ResolvedToken?)
        async throws(CoreError) -> (id: String, ttl: Int64, warnings: [String])
    {
        let bounds = limits(mount)
        let maxTTL = grant.maxTTL > 0 ? min(grant.maxTTL, bounds.maxTTL) : bounds.maxTTL
        var ttl = grant.ttl > 0 ? grant.ttl : bounds.defaultTTL
        var warnings: [String] = []
        if ttl > maxTTL {
            warnings.append(TTLWarning.capped(requested: ttl, max: maxTTL))
            ttl = maxTTL
        }
        let id = path + "/" + TokenStore.randomText(24)
        var record = LeaseRecord(kind: .secret)
        record.mountUUID = mount.uuid
        record.ownerKey = owner?.key
        record.issueTime = now()
        record.ttl = ttl
        record.maxTTL = grant.maxTTL
        record.renewable = grant.renewable
        record.internalData = grant.internalData.isEmpty ? nil : grant.internalData
        let expiry = record.issueTime.saturatingAdding(ttl)
        record.expireTime = expiry
        record.scheduled = expiry
        var operations: [StorageOperation] = [
            .put(LeaseLayout.recordKey(id), record.bytes), .put(LeaseLayout.expiryKey(expiry, id), []),
        ]
        if let owner = record.ownerKey { operations.append(.put(LeaseLayout.ownerKey(owner, id), [])) }
        try await write(operations, "register a lease")
        return (id, ttl, warnings)
    }

    /// The lease's times as `sys/leases/lookup` shows them; `invalid lease` when there is none.
    func lookup(_ id: String) async throws(CoreError) -> [String: JSONValue] {
        guard let record = try await record(id) else { throw Self.invalidLease }
        let path = Self.path(of: id)
        let current = now()
        var info: [String: JSONValue]
        switch record.kind {
        case .token:
            guard let token = try await token(of: id) else { throw Self.invalidLease }
            info = Self.times(
                issue: token.creationTime, expire: token.expireTime, lastRenewal: token.lastRenewalTime, now: current)
            info["renewable"] = .bool(token.renewable && token.expireTime.map { $0 >= current } ?? false)
        case .secret:
            info = Self.times(
                issue: record.issueTime, expire: record.expireTime, lastRenewal: record.lastRenewal, now: current)
            info["renewable"] = .bool(record.renewable && record.expireTime.map { $0 >= current } ?? false)
            if let error = record.revokeError { info["revoke_error"] = .string(error) }
        }
        info["id"] = .string(id)
        info["path"] = .string(path)
        return info
    }

    /// Renews a secret's lease by `increment` (0: the TTL it was issued with), within the mount's
    /// max TTL from issue, through its engine. Token leases renew through `auth/token/renew`.
    func renew(_ id: String, increment: Int64) async throws(CoreError) -> Response {
        try await locked(id) { () async throws(CoreError) -> Response in
            guard var record = try await record(id) else { throw .badRequest("lease not found") }
            let current = now()
            if record.kind == .token {
                guard let token = try await token(of: id) else { throw .badRequest("lease not found") }
                try Self.checkRenewable(expire: token.expireTime, renewable: token.renewable, now: current)
                throw .badRequest("tokens cannot be renewed through this endpoint")
            }
            if record.isIrrevocable {
                throw .badRequest("lease is expired and has failed previous revocation attempts")
            }
            try Self.checkRenewable(expire: record.expireTime, renewable: record.renewable, now: current)
            let (mounted, backend) = try leasing(record)
            var maxTTL = limits(mounted.entry).maxTTL
            if record.maxTTL > 0 { maxTTL = min(maxTTL, record.maxTTL) }
            let requested = increment > 0 ? increment : record.ttl
            let remaining = max(0, record.issueTime.saturatingAdding(maxTTL).saturatingSubtracting(current))
            var warnings: [String] = []
            var ttl = requested
            if requested > remaining {
                ttl = remaining
                warnings.append(TTLWarning.capped(requested: requested, max: remaining))
            }
            let granted: Int64
            do { granted = min(ttl, try await backend.renew(lease(id, record), ttl: ttl, storage: mounted.storage)) } catch {
                throw .badRequest("failed to renew entry: \(Self.describe(error))")
            }
            let previous = record.scheduled
            record.expireTime = current.saturatingAdding(granted)
            record.lastRenewal = current
            record.scheduled = record.expireTime
            var operations: [StorageOperation] = [
                .put(LeaseLayout.recordKey(id), record.bytes), .put(LeaseLayout.expiryKey(record.expireTime!, id), []),
            ]
            if let previous, previous != record.expireTime {
                operations.append(.delete(LeaseLayout.expiryKey(previous, id)))
            }
            try await write(operations, "renew a lease")
            var answer = Response(warnings: warnings, leaseDuration: granted, renewable: record.renewable)
            answer.leaseID = id
            return answer
        }
    }

    /// Lease IDs and folders directly under `prefix` (empty or ending in `/`).
    func list(_ prefix: String) async throws(CoreError) -> [String] {
        do { return try await storage.list(prefix: LeaseLayout.idPrefix + prefix) } catch {
            throw .internalError("failed to list leases: \(error.message)")
        }
    }

    // MARK: - Shared by the extensions

    /// The longest lease ID looked for: a request path and a random suffix never come near it, and
    /// a longer ID costs nothing to refuse.
    static let maxIDLength = 4096

    /// The stored lease `id`, or nil. An ID with a `.` or `..` segment is refused as the reference
    /// does.
    func record(_ id: String) async throws(CoreError) -> LeaseRecord? {
        if id.utf8.count > Self.maxIDLength || id.utf8.contains(0) { return nil }
        if Self.hasDotSegment(id) {
            throw .badRequest("failed to read lease entry \(id): relative paths not supported")
        }
        let bytes: [UInt8]?
        do { bytes = try await storage.get(LeaseLayout.recordKey(id)) } catch {
            throw .internalError("failed to read a lease: \(error.message)")
        }
        guard let bytes else { return nil }
        guard let record = LeaseRecord(bytes: bytes) else {
            throw .internalError("the stored lease \(id) is unreadable")
        }
        return record
    }

    /// The live token a token lease stands for.
    func token(of id: String) async throws(CoreError) -> TokenEntry? {
        guard let key = try tokens.key(forLease: id) else { return nil }
        return try await tokens.liveEntry(key)
    }

    /// The mount that issued a secret and its engine.
    func leasing(_ record: LeaseRecord) throws(CoreError) -> (MountTable.Mounted, any LeasingBackend) {
        guard let uuid = record.mountUUID, let mounted = mounts.mounted(uuid: uuid) else {
            throw .badRequest("no mount serves this lease any more")
        }
        guard let backend = mounted.backend as? any LeasingBackend else {
            throw .badRequest("the \(mounted.entry.type) engine at \(mounted.entry.path) does not manage leases")
        }
        return (mounted, backend)
    }

    func lease(_ id: String, _ record: LeaseRecord) -> Lease {
        Lease(
            id: id, path: Self.path(of: id), internalData: record.internalData ?? [:], issueTime: record.issueTime,
            expireTime: record.expireTime)
    }

    func locked<Result>(_ id: String, _ body: () async throws(CoreError) -> Result) async throws(CoreError) -> Result {
        do { return try await locks.withLock(id) { try await body() } } catch let error as CoreError { throw error } catch {
            throw .internalError("lease \(id): \(error)")
        }
    }

    func write(_ operations: [StorageOperation], _ what: String) async throws(CoreError) {
        do { try await storage.transaction(operations) } catch {
            throw .internalError("failed to \(what): \(error.message)")
        }
    }

    /// True when a segment of `id` is `.` or `..`.
    static func hasDotSegment(_ id: String) -> Bool {
        var dots = 0
        var other = false
        for byte in id.utf8 {
            if byte == UInt8(ascii: "/") {
                if dots > 0, dots <= 2, !other { return true }
                (dots, other) = (0, false)
            } else if byte == UInt8(ascii: ".") {
                dots += 1
            } else {
                other = true
            }
        }
        return dots > 0 && dots <= 2 && !other
    }

    /// The request path a lease ID was issued at: the ID without its last segment.
    static func path(of id: String) -> String {
        id.splitAtLastSlash().map { String($0.before) } ?? id
    }

    /// An engine's error as a client may read it: its description, never a stored value.
    static func describe(_ error: any Error) -> String {
        (error as? CoreError)?.messages.joined(separator: "; ") ?? String(describing: error)
    }

    private static func checkRenewable(expire: Int64?, renewable: Bool, now: Int64) throws(CoreError) {
        guard let expire else { throw .badRequest("lease is not renewable") }
        if expire < now { throw .badRequest("lease expired") }
        if !renewable { throw .badRequest("lease is not renewable") }
    }

    private static func times(issue: Int64, expire: Int64?, lastRenewal: Int64?, now: Int64) -> [String: JSONValue] {
        [
            "issue_time": .string(Timestamp(seconds: issue).rfc3339),
            "expire_time": expire.map { .string(Timestamp(seconds: $0).rfc3339) } ?? .null,
            "last_renewal": lastRenewal.map { .string(Timestamp(seconds: $0).rfc3339) } ?? .null,
            "ttl": .int(expire.map { max(0, $0.saturatingSubtracting(now)) } ?? 0),
        ]
    }
}
