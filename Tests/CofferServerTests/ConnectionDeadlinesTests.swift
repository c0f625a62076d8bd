import NIOCore
import Testing

@testable import CofferHTTP

@Suite("connection time limits")
struct ConnectionDeadlinesTests {
    static let timeouts = ListenerTimeouts(
        idle: .seconds(300), readHeader: .seconds(10), read: .seconds(30), write: .seconds(5))
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test func aSilentConnectionMeetsTheHeadLimit() {
        var deadlines = ConnectionDeadlines(Self.timeouts)
        deadlines.connected(at: Self.start)
        #expect(deadlines.earliest?.limit == .readHeader)
        #expect(deadlines.earliest?.deadline == Self.start + .seconds(10))
    }

    @Test func aReadHeadLeavesTheWholeRequestLimit() {
        var deadlines = ConnectionDeadlines(Self.timeouts)
        deadlines.connected(at: Self.start)
        deadlines.bytesRead(at: Self.start + .seconds(1))
        deadlines.headRead()
        #expect(deadlines.earliest?.limit == .read)
        #expect(deadlines.earliest?.deadline == Self.start + .seconds(30))
    }

    @Test func anAnsweredRequestLeavesTheIdleLimitUntilTheNextByte() {
        var deadlines = ConnectionDeadlines(Self.timeouts)
        deadlines.connected(at: Self.start)
        deadlines.headRead()
        deadlines.requestRead()
        deadlines.answerStarted(at: Self.start + .seconds(1))
        #expect(deadlines.earliest?.limit == .write)
        deadlines.answerWritten(at: Self.start + .seconds(2), idle: true)
        #expect(deadlines.earliest?.limit == .idle)
        #expect(deadlines.earliest?.deadline == Self.start + .seconds(302))
        deadlines.bytesRead(at: Self.start + .seconds(100))
        #expect(deadlines.earliest?.limit == .readHeader)
        #expect(deadlines.earliest?.deadline == Self.start + .seconds(110))
    }

    @Test func aPipelinedAnswerKeepsTheNextWriteLimit() {
        var deadlines = ConnectionDeadlines(Self.timeouts)
        deadlines.connected(at: Self.start)
        deadlines.requestRead()
        deadlines.answerStarted(at: Self.start)
        deadlines.answerStarted(at: Self.start + .seconds(1))
        deadlines.answerWritten(at: Self.start + .seconds(1), idle: false)
        #expect(deadlines.earliest?.limit == .write)
        #expect(deadlines.earliest?.deadline == Self.start + .seconds(6))
    }

    @Test func zeroLimitsFallBackToTheReadLimitAsInGo() {
        let timeouts = ListenerTimeouts(idle: .zero, readHeader: .zero, read: .seconds(7), write: .zero)
        var deadlines = ConnectionDeadlines(timeouts)
        deadlines.connected(at: Self.start)
        #expect(deadlines.earliest?.deadline == Self.start + .seconds(7))
        deadlines.requestRead()
        deadlines.answerStarted(at: Self.start)
        #expect(deadlines.earliest == nil)
        deadlines.answerWritten(at: Self.start + .seconds(1), idle: true)
        #expect(deadlines.earliest?.limit == .idle)
        #expect(deadlines.earliest?.deadline == Self.start + .seconds(8))
    }

    @Test func noLimitsMeansNoDeadline() {
        var deadlines = ConnectionDeadlines(ListenerTimeouts(idle: .zero, readHeader: .zero, read: .zero, write: .zero))
        deadlines.connected(at: Self.start)
        #expect(deadlines.earliest == nil)
    }
}
