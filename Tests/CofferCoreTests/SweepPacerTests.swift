import Testing

@testable import CofferCore

@Suite("Sweep pacer: requests go first")
struct SweepPacerTests {
    @Test func restsAsLongAsTheBatchTookWhenRequestsArrived() async throws {
        let pacer = SweepPacer()
        let mark = pacer.batchStarts()
        try await Task.sleep(for: .milliseconds(60))
        pacer.requestArrived()
        let started = ContinuousClock.now
        await pacer.rest(after: mark)
        #expect(ContinuousClock.now - started >= .milliseconds(55))
    }

    @Test func neverRestsOnAServerNoRequestReaches() async throws {
        let pacer = SweepPacer()
        pacer.requestArrived()
        let mark = pacer.batchStarts()
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        await pacer.rest(after: mark)
        #expect(ContinuousClock.now - started < .milliseconds(250))
    }
}
