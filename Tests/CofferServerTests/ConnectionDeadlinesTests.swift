import NIOCore
import Testing

@testable import CofferHTTP

@Suite("connection time limits")
struct ConnectionDeadlinesTests {
    static let timeouts = ListenerTimeouts(
        idle: .seconds(300), readHeader: .seconds(10), read: .seconds(30), write: .seconds(5))
    static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    /// A connection accepted at `start`.
    func connected(_ timeouts: ListenerTimeouts = timeouts) -> ConnectionDeadlines {
        var deadlines = ConnectionDeadlines(timeouts)
        deadlines.connected(at: Self.start)
        return deadlines
    }

    /// `start` plus `seconds`.
    func at(_ seconds: Int64) -> NIODeadline { Self.start + .seconds(seconds) }

    /// The earliest limit and its deadline in seconds after `start`, as `"limit seconds"`.
    func due(_ deadlines: ConnectionDeadlines) -> String? {
        deadlines.earliest.map { "\($0.limit.rawValue) \(($0.deadline - Self.start).nanoseconds / 1_000_000_000)" }
    }

    @Test func aSilentConnectionMeetsTheHeadLimit() {
        #expect(due(connected()) == "http_read_header_timeout 10")
    }

    @Test func aReadHeadLeavesTheWholeRequestLimit() {
        var deadlines = connected()
        deadlines.bytesRead(at: at(1))
        deadlines.headRead()
        #expect(due(deadlines) == "http_read_timeout 30")
    }

    @Test func anAnsweredRequestLeavesTheIdleLimitUntilTheNextByte() {
        var deadlines = connected()
        deadlines.headRead()
        deadlines.requestRead()
        deadlines.answerStarted(at: at(1))
        #expect(due(deadlines) == "http_write_timeout 6")
        deadlines.answerWritten(at: at(2), idle: true)
        #expect(due(deadlines) == "http_idle_timeout 302")
        deadlines.bytesRead(at: at(100))
        #expect(due(deadlines) == "http_read_header_timeout 110")
    }

    @Test func aPipelinedAnswerKeepsTheNextWriteLimit() {
        var deadlines = connected()
        deadlines.requestRead()
        deadlines.answerStarted(at: at(0))
        deadlines.answerStarted(at: at(1))
        deadlines.answerWritten(at: at(1), idle: false)
        #expect(due(deadlines) == "http_write_timeout 6")
    }

    @Test func zeroLimitsFallBackToTheReadLimitAsInGo() {
        var deadlines = connected(ListenerTimeouts(idle: .zero, readHeader: .zero, read: .seconds(7), write: .zero))
        #expect(due(deadlines) == "http_read_header_timeout 7")
        deadlines.requestRead()
        deadlines.answerStarted(at: at(0))
        #expect(due(deadlines) == nil)
        deadlines.answerWritten(at: at(1), idle: true)
        #expect(due(deadlines) == "http_idle_timeout 8")
    }

    @Test func answersTheClientDoesNotTakeMeetTheIdleLimitWithoutAWriteLimit() {
        var deadlines = connected(ListenerTimeouts(idle: .seconds(3), readHeader: .zero, read: .seconds(7), write: .zero))
        deadlines.requestRead()
        deadlines.answerStarted(at: at(0))
        deadlines.answerSent(at: at(1))
        deadlines.answerStarted(at: at(1))
        deadlines.answerSent(at: at(2))
        #expect(due(deadlines) == "http_idle_timeout 4", "from the first answer not written")
        deadlines.answerWritten(at: at(3), idle: false)
        #expect(due(deadlines) == "http_idle_timeout 6", "an answer went out: the next one gets the whole limit")
        deadlines.answerWritten(at: at(4), idle: true)
        #expect(due(deadlines) == "http_idle_timeout 7", "all written: only the idle limit runs")
    }

    @Test func noLimitsMeansNoDeadline() {
        #expect(due(connected(ListenerTimeouts(idle: .zero, readHeader: .zero, read: .zero, write: .zero))) == nil)
    }
}
