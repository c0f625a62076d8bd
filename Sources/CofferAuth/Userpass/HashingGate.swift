import CofferCore
import Foundation
import Synchronization

/// Bounds the password hashing in flight, which anyone may start with an unauthenticated login:
/// at most `width` hashes run at once and at most `queueLimit` wait; one more is refused at once
/// (429) instead of joining a queue without end.
final class HashingGate: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Bool, Never>] = []
    }

    private let state = Mutex(State())
    let width: Int
    let queueLimit: Int

    /// One gate for the whole process: the cores it may use are what hashing competes for.
    static let shared = HashingGate(width: max(1, ProcessInfo.processInfo.activeProcessorCount), queueLimit: 64)

    static let busy = CoreError(
        .tooManyRequests, ["too many password checks in progress; retry the login in a moment"])

    init(width: Int, queueLimit: Int) {
        self.width = width
        self.queueLimit = queueLimit
    }

    /// Runs `work` when a slot is free; throws `busy` when the queue is full.
    func run<Result>(_ work: () async throws -> Result) async throws -> Result {
        try await acquire()
        defer { release() }
        return try await work()
    }

    private func acquire() async throws(CoreError) {
        let admitted = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let decided = state.withLock { state -> Bool? in
                if state.running < width {
                    state.running += 1
                    return true
                }
                guard state.waiting.count < queueLimit else { return false }
                state.waiting.append(continuation)
                return nil
            }
            if let decided { continuation.resume(returning: decided) }
        }
        if !admitted { throw Self.busy }
    }

    /// Hands the slot to the longest waiter, or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: true)
    }
}
