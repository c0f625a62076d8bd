import Synchronization

/// A device's hashes of the callers' tokens and accessors, and their `auth` blocks, by the token
/// (its storage key and accessor, so a token made again with the same value is another token), so
/// a token that makes many requests is hashed and written once rather than per request. The
/// storage key is itself a salted hash, so the cache holds no token in plain text. Bounded: when
/// full it starts over.
final class CallerHashes: Sendable {
    /// A caller's token and accessor as the device logs them.
    struct Hashed: Sendable {
        let token: String
        let accessor: String?
    }

    /// One token: its storage key and its accessor.
    struct Caller: Hashable, Sendable {
        let key: String
        let accessor: String
    }

    /// What a caller's `auth` block depends on besides the token itself.
    struct AuthBlockKey: Hashable, Sendable {
        let caller: Caller
        let allowed: Bool?
        let ttl: Int64
    }

    private static let capacity = 4096
    private static let authBlockCapacity = 1024
    private let known = Mutex<[Caller: Hashed]>([:])
    private let authBlocks = Mutex<[AuthBlockKey: [UInt8]]>([:])

    /// The hashes for `caller`, made by `make` the first time.
    func hashes(for caller: Caller, make: () -> Hashed) -> Hashed {
        Self.cached(caller, in: known, capacity: Self.capacity, make: make)
    }

    /// The `auth` block of a stored token without a use limit, written by `make` the first time
    /// for each ACL outcome and TTL: everything else in it is fixed when the token is made.
    func authBlock(for key: AuthBlockKey, make: () -> [UInt8]) -> [UInt8] {
        Self.cached(key, in: authBlocks, capacity: Self.authBlockCapacity, make: make)
    }

    private static func cached<Key: Hashable & Sendable, Value: Sendable>(
        _ key: Key, in cache: borrowing Mutex<[Key: Value]>, capacity: Int, make: () -> Value
    ) -> Value {
        if let found = cache.withLock({ $0[key] }) { return found }
        let made = make()
        cache.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = made
        }
        return made
    }
}
