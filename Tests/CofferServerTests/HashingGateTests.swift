@testable import CofferAuth
import CofferCore
import Testing

@Suite("bounded password hashing")
struct HashingGateTests {
    /// A latch the work in the gate waits on, so the test decides when a slot frees.
    private actor Latch {
        private var opened = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if opened { return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func open() {
            opened = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }
    }

    @Test func workPastTheSlotsAndTheQueueIsRefusedAtOnce() async throws {
        let gate = HashingGate(width: 1, queueLimit: 1)
        let latch = Latch()
        let running = Task { try await gate.run { await latch.wait() } }
        let queued = Task { try await gate.run { 2 } }
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: HashingGate.busy) { try await gate.run { 3 } }
        await latch.open()
        try await running.value
        #expect(try await queued.value == 2)
        #expect(try await gate.run { 4 } == 4)
    }
}
