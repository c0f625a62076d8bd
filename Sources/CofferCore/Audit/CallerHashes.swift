import Synchronization

/// A device's hashes of the callers' tokens and accessors, by the token's storage key, so a token
/// that makes many requests is hashed once rather than twice per request. The key is itself a
/// salted hash, so the cache holds no token in plain text. Bounded: when full it starts over.
final class CallerHashes: Sendable {
    /// A caller's token and accessor as the device logs them.
    struct Hashed: Sendable {
        let token: String
        let accessor: String?
    }

    private static let capacity = 4096
    private let known = Mutex<[String: Hashed]>([:])

    /// The hashes for the token stored at `key`, made by `make` the first time.
    func hashes(for key: String, make: () -> Hashed) -> Hashed {
        if let found = known.withLock({ $0[key] }) { return found }
        let made = make()
        known.withLock { known in
            if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
            known[key] = made
        }
        return made
    }
}
