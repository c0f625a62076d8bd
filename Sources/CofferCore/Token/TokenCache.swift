import Synchronization

/// Token entries by storage key, kept apart from the store's keys so that taking those keys
/// never copies the cache, and a cache write never copies a table other requests still hold.
///
/// A read that missed fills the cache only if no entry was stored or removed while it read
/// storage, so a slow read cannot bring back a token revoked in the meantime. It holds at most
/// `capacity` entries; past that, it keeps every other entry (`Dictionary.halved`).
final class TokenCache: Sendable {
    static let capacity = 4_096

    private struct State {
        var entries: [String: TokenEntry] = [:]
        var generation: UInt64 = 0

        mutating func insert(_ key: String, _ entry: TokenEntry) {
            entries[key] = entry
            if entries.count > TokenCache.capacity { entries = entries.halved() }
        }
    }

    private let state = Mutex(State())

    /// The cached entry and the generation to hand to `fill` after a miss.
    func lookup(_ key: String) -> (entry: TokenEntry?, generation: UInt64) {
        state.withLock { ($0.entries[key], $0.generation) }
    }

    /// Caches what a read found, unless the cache changed since `lookup` returned `generation`.
    func fill(_ key: String, _ entry: TokenEntry, readAt generation: UInt64) {
        state.withLock { state in
            if state.generation == generation { state.insert(key, entry) }
        }
    }

    /// Caches an entry just written.
    func store(_ key: String, _ entry: TokenEntry) {
        state.withLock { state in
            state.insert(key, entry)
            state.generation &+= 1
        }
    }

    /// Forgets an entry just deleted.
    func remove(_ key: String) {
        state.withLock { state in
            state.entries.removeValue(forKey: key)
            state.generation &+= 1
        }
    }

    /// Forgets everything (on seal).
    func clear() {
        state.withLock { state in
            state.entries.removeAll()
            state.generation &+= 1
        }
    }
}
