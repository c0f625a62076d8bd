import Crypto
import Foundation
import Synchronization

/// Tokens behind the barrier, stored under salted HMACs of their values so storage keys reveal nothing.
///
/// A token's entry, its accessor index, its parent index and its expiry index are written in one
/// transaction. Lookups hit an in-memory cache first; a miss reads storage once. Changes that
/// must not interleave (use counting, renewal, revocation) run one at a time per token.
public final class TokenStore: Sendable {
    static let saltKey = "core/token-salt"
    static let saltEncodingKey = "core/token-salt-encoding"
    static let batchKeyKey = "core/batch-token-key"
    static let idPrefix = "token/id/"
    static let accessorPrefix = "token/accessor/"
    static let parentPrefix = "token/parent/"
    static let expiryPrefix = "token/expiry/"
    static let revokingPrefix = "token/revoking/"
    static let rolePrefix = "token/role/"

    struct Loaded: Sendable {
        var storage: any Storage
        /// The HMAC key that turns token values and accessors into storage keys.
        var salt: SaltedHMAC
        var batchKey: [UInt8]
    }

    let state = Mutex<Loaded?>(nil)
    let cache = TokenCache()
    /// One lock per token: every write of a token's entry and its deletion re-read the entry
    /// under it, so a renewal or a spent use never writes back a token revoked meanwhile.
    let entryLocks = KeyLocks()
    let now: @Sendable () -> Int64

    init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// Loads (or on first use creates) the salt and batch key, then finishes interrupted revocations.
    func load(storage: any Storage) async throws(CoreError) {
        let pending: [String]
        do {
            let salt = try await Self.loadOrCreateSalt(in: storage)
            let batchKey = try await Self.loadOrCreateKey(Self.batchKeyKey, in: storage)
            state.withLock { $0 = Loaded(storage: storage, salt: salt, batchKey: batchKey) }
            pending = try await storage.list(prefix: Self.revokingPrefix)
        } catch {
            throw .internalError("failed to load the token store: \(error.message)")
        }
        for key in pending {
            try await revokeTree(key)
        }
    }

    /// Forgets the keys and every cached entry (on seal).
    func clear() {
        state.withLock { $0 = nil }
        cache.clear()
    }

    func loaded() throws(CoreError) -> Loaded {
        guard let loaded = state.withLock({ $0 }) else { throw .sealed }
        return loaded
    }

    /// The result of `body`, run while no other change to the token at `key` runs.
    func changing<Result>(_ key: String, _ body: () async throws(CoreError) -> Result) async throws(CoreError) -> Result {
        do { return try await entryLocks.withLock(key) { try await body() } } catch let error as CoreError { throw error } catch {
            throw .internalError("token change failed: \(error)")
        }
    }

    /// The storage key of a token value.
    func key(of token: String) throws(CoreError) -> String {
        try loaded().salt.hash(token)
    }

    /// The live token behind `token`, or nil when unknown, expired, or any ancestor has died:
    /// a token never outlives its parent, even before the expiry sweep revokes it.
    public func resolve(_ token: String) async throws(CoreError) -> ResolvedToken? {
        if BatchToken.isBatch(token) {
            guard let entry = BatchToken.open(token, key: try loaded().batchKey), !entry.isExpired(at: now()),
                try await ancestorsAlive(entry)
            else { return nil }
            return ResolvedToken(value: token, key: nil, entry: entry)
        }
        let key = try key(of: token)
        guard let entry = try await liveEntry(key), entry.numUses >= 0, try await ancestorsAlive(entry) else {
            return nil
        }
        return ResolvedToken(value: token, key: key, entry: entry)
    }

    /// True when every ancestor of `entry` still exists and has not expired.
    func ancestorsAlive(_ entry: TokenEntry) async throws(CoreError) -> Bool {
        var parent = entry.parent
        while let key = parent {
            guard let ancestor = try await liveEntry(key) else { return false }
            parent = ancestor.parent
        }
        return true
    }

    /// The stored entry at `key` if it has not expired.
    func liveEntry(_ key: String) async throws(CoreError) -> TokenEntry? {
        guard let entry = try await storedEntry(key), !entry.isExpired(at: now()) else { return nil }
        return entry
    }

    /// The stored entry at `key`, expired or not.
    func storedEntry(_ key: String) async throws(CoreError) -> TokenEntry? {
        let loaded = try loaded()
        let (cached, generation) = cache.lookup(key)
        if let cached { return cached }
        let bytes: [UInt8]?
        do { bytes = try await loaded.storage.get(Self.idPrefix + key) } catch {
            throw .internalError("failed to read a token: \(error.message)")
        }
        guard let bytes, let entry = TokenEntry(record: bytes) else { return nil }
        cache.fill(key, entry, readAt: generation)
        return entry
    }

    /// The storage key of the token with `accessor`, or nil.
    func key(forAccessor accessor: String) async throws(CoreError) -> String? {
        let loaded = try loaded()
        let bytes: [UInt8]?
        do { bytes = try await loaded.storage.get(Self.accessorPrefix + loaded.salt.hash(accessor)) } catch {
            throw .internalError("failed to read a token accessor: \(error.message)")
        }
        return bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes `entry` at `key` with its indexes; `previous` is the entry it replaces, if any. A
    /// new token `leased` gets its lease record in the same transaction.
    func save(_ entry: TokenEntry, key: String, replacing previous: TokenEntry?, leased: Bool = false)
        async throws(CoreError)
    {
        let loaded = try loaded()
        var operations: [StorageOperation] = [.put(Self.idPrefix + key, entry.record)]
        if previous == nil {
            operations.append(.put(Self.accessorPrefix + loaded.salt.hash(entry.accessor), Array(key.utf8)))
            if let parent = entry.parent { operations.append(.put(Self.parentPrefix + parent + "/" + key, [])) }
            if leased, let lease = leaseID(of: entry, key: key) {
                operations.append(.put(LeaseLayout.recordKey(lease), LeaseRecord.token().bytes))
            }
        }
        if let old = previous?.expireTime, old != entry.expireTime {
            operations.append(.delete(Self.expiryKey(old, key)))
        }
        if let expiry = entry.expireTime { operations.append(.put(Self.expiryKey(expiry, key), [])) }
        do { try await loaded.storage.transaction(operations) } catch {
            throw .internalError("failed to store a token: \(error.message)")
        }
        cache.store(key, entry)
    }

    /// The lease ID of the token stored at `key`: its creation path and its HMAC.
    func leaseID(of entry: TokenEntry, key: String) -> String? {
        guard !entry.path.isEmpty, let encoding = state.withLock({ $0?.salt.encoding }) else { return nil }
        return TokenLeaseID.make(path: entry.path, tokenKey: key, encoding: encoding)
    }

    /// The storage key of the token whose lease ID is `leaseID`.
    func key(forLease leaseID: String) throws(CoreError) -> String? {
        TokenLeaseID.tokenKey(of: leaseID, encoding: try loaded().salt.encoding)
    }

    static func expiryKey(_ time: Int64, _ key: String) -> String {
        let digits = String(time)
        return expiryPrefix + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + "/" + key
    }

    /// The salt and the encoding of the keys made with it, both created together on first use.
    /// A store whose salt has no encoding record predates base64url keys and keeps hex ones.
    private static func loadOrCreateSalt(in storage: any Storage) async throws(StorageError) -> SaltedHMAC {
        if let existing = try await storage.get(saltKey) {
            let encoding: SaltedHMAC.Encoding
            if let record = try await storage.get(saltEncodingKey) {
                guard let known = SaltedHMAC.Encoding(rawValue: String(decoding: record, as: UTF8.self)) else {
                    throw StorageError(.corrupt, "unknown token key encoding in \(saltEncodingKey)")
                }
                encoding = known
            } else {
                encoding = .hex
            }
            return SaltedHMAC(key: SymmetricKey(data: existing), encoding: encoding)
        }
        let fresh = SecureRandom.bytes(32)
        let encoding = SaltedHMAC.Encoding.base64url
        try await storage.transaction([.put(saltKey, fresh), .put(saltEncodingKey, Array(encoding.rawValue.utf8))])
        return SaltedHMAC(key: SymmetricKey(data: fresh), encoding: encoding)
    }

    private static func loadOrCreateKey(_ name: String, in storage: any Storage) async throws(StorageError) -> [UInt8] {
        if let existing = try await storage.get(name) { return existing }
        let fresh = SecureRandom.bytes(32)
        try await storage.put(name, fresh)
        return fresh
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    /// `count` letters and digits, uniformly chosen: a random byte picks a character unless it
    /// falls in the last, incomplete round of the alphabet, which would favour its first letters.
    static func randomText(_ count: Int) -> String {
        let limit = UInt8(256 / alphabet.count * alphabet.count - 1)
        var text: [UInt8] = []
        text.reserveCapacity(count)
        while text.count < count {
            for byte in SecureRandom.bytes(count - text.count) where byte <= limit && text.count < count {
                text.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A token value with its storage key (nil for batch tokens) and live entry. Immutable and
/// shared: the pipeline, the handler and the audit trail hold one reference, not copies.
public final class ResolvedToken: Sendable {
    public let value: String
    public let key: String?
    public let entry: TokenEntry

    public init(value: String, key: String?, entry: TokenEntry) {
        self.value = value
        self.key = key
        self.entry = entry
    }
}
