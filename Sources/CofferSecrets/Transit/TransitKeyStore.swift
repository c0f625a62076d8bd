import CofferCore
import Synchronization

/// The key rings of one transit mount: read from the mount's storage once and then served from
/// memory, so an encryption costs no storage read. Every change runs under the ring's own lock,
/// reads the stored ring afresh, writes it back and only then replaces the cached copy; a ring
/// missing from memory is loaded under the same lock, so a load never overwrites a newer change.
final class TransitKeyStore: Sendable {
    private let cache = Mutex<[String: TransitKeyRing]>([:])
    private let locks = KeyLocks()

    static let prefix = "policy/"

    static func storageKey(_ name: String) -> String { prefix + name }

    /// The ring named `name`, or nil when there is none.
    func ring(_ name: String, in storage: any Storage) async throws -> TransitKeyRing? {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        return try await locks.withLock(name) {
            if let cached = cache.withLock({ $0[name] }) { return cached }
            guard let bytes = try await storage.get(Self.storageKey(name)) else { return nil }
            let ring = try TransitKeyRing(record: bytes)
            cache.withLock { $0[name] = ring }
            return ring
        }
    }

    /// The ring named `name` for use at `now`, rotated first when its automatic rotation is due.
    func ringForUse(_ name: String, in storage: any Storage, now: Timestamp) async throws -> TransitKeyRing? {
        guard let ring = try await ring(name, in: storage) else { return nil }
        guard ring.rotationDue(at: now) else { return ring }
        return try await change(name, in: storage) { ring in
            if ring?.rotationDue(at: now) == true { ring?.rotate(at: now) }
        }
    }

    /// Applies `body` to the stored ring (nil when absent; setting nil deletes it) and persists the result.
    @discardableResult
    func change(
        _ name: String, in storage: any Storage, _ body: (inout TransitKeyRing?) throws -> Void
    ) async throws -> TransitKeyRing? {
        try await locks.withLock(name) {
            let stored = try await storage.get(Self.storageKey(name))
            var ring = try stored.map { bytes throws(CoreError) in try TransitKeyRing(record: bytes) }
            let before = ring
            try body(&ring)
            if ring != before {
                if let ring {
                    try await storage.put(Self.storageKey(name), ring.record())
                } else {
                    try await storage.delete(Self.storageKey(name))
                }
            }
            cache.withLock { $0[name] = ring }
            return ring
        }
    }
}
