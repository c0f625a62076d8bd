import Synchronization

/// Serializes the read-modify-write cycles on one key, so check-and-set and version numbers hold
/// under concurrent writers; different keys proceed in parallel. Waiters are admitted in arrival order.
public final class KeyLocks: Sendable {
    public init() {}

    private struct State {
        var held: Set<String> = []
        var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let state = Mutex(State())

    /// The result of `body`, run while no other caller holds `key`.
    public func withLock<Result>(_ key: String, _ body: () async throws -> Result) async throws -> Result {
        await acquire(key)
        defer { release(key) }
        return try await body()
    }

    private func acquire(_ key: String) async {
        await withCheckedContinuation { continuation in
            let admitted = state.withLock { state in
                if state.held.contains(key) {
                    state.waiting[key, default: []].append(continuation)
                    return false
                }
                state.held.insert(key)
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    /// Hands the key to the next waiter, or frees it.
    private func release(_ key: String) {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard var queue = state.waiting[key], !queue.isEmpty else {
                state.held.remove(key)
                return nil
            }
            let first = queue.removeFirst()
            state.waiting[key] = queue.isEmpty ? nil : queue
            return first
        }
        next?.resume()
    }
}
