import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import CofferHTTP

/// Answers every request with a small JSON body: from a task, or made at once on the event loop
/// (as the listener answers `sys/health`).
private struct ImmediateAnswers: RequestAnswering {
    let maxRequestSize = 1024
    let atOnce: Bool

    func answerAtOnce(_ request: VaultHTTPRequest) -> VaultAnswer? {
        atOnce ? VaultAnswer(status: 200, body: Array(request.target.utf8), isHead: false) : nil
    }

    func answer(_ request: VaultHTTPRequest) async -> VaultAnswer {
        VaultAnswer(status: 200, body: Array(request.target.utf8), isHead: false)
    }
}

@Suite("answers wait while the connection is not writable")
struct AnswerBackPressureTests {
    private func channel(atOnce: Bool) async throws -> NIOAsyncTestingChannel {
        let channel = NIOAsyncTestingChannel()
        try await channel.pipeline.addHandler(VaultRequestHandler(responder: ImmediateAnswers(atOnce: atOnce)))
        return channel
    }

    private func send(_ count: Int, to channel: NIOAsyncTestingChannel, from first: Int = 0) async throws {
        for index in first..<(first + count) {
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/v1/sys/health?n=\(index)")
            try await channel.writeInbound(HTTPServerRequestPart.head(head))
            try await channel.writeInbound(HTTPServerRequestPart.end(nil))
        }
    }

    /// The client took its answers: the channel is writable again.
    private func drained(_ channel: NIOAsyncTestingChannel) {
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
    }

    /// The answers (their bodies) the handler writes, in order, waiting for `expected` of them for
    /// up to two seconds (for none, a tenth of a second).
    private func answersWritten(_ channel: NIOAsyncTestingChannel, expected: Int) async throws -> [String] {
        var bodies: [String] = []
        for _ in 0..<(expected == 0 ? 1 : 20) {
            try await Task.sleep(for: .milliseconds(100))
            await channel.testingEventLoop.advanceTime(by: .milliseconds(2))
            while let answer = try await channel.readOutbound(as: ByteBuffer.self) {
                let text = String(buffer: answer)
                let body = try #require(text.range(of: "\r\n\r\n").map { text[$0.upperBound...] })
                bodies.append(String(body))
            }
            if bodies.count >= expected && expected > 0 { break }
        }
        return bodies
    }

    private func targets(_ range: Range<Int>) -> [String] { range.map { "/v1/sys/health?n=\($0)" } }

    @Test(arguments: [false, true])
    func noAnswerStartsUntilTheChannelIsWritableAgain(atOnce: Bool) async throws {
        let channel = try await channel(atOnce: atOnce)
        channel.isWritable = false
        try await send(3, to: channel)
        #expect(try await answersWritten(channel, expected: 0) == [])
        drained(channel)
        #expect(try await answersWritten(channel, expected: 3) == targets(0..<3))
        _ = try await channel.finish(acceptAlreadyClosed: true)
    }

    @Test(arguments: [false, true])
    func answeringPausesWhenTheChannelStopsBeingWritable(atOnce: Bool) async throws {
        let channel = try await channel(atOnce: atOnce)
        try await send(1, to: channel)
        #expect(try await answersWritten(channel, expected: 1) == targets(0..<1))
        channel.isWritable = false
        try await send(2, to: channel, from: 1)
        #expect(try await answersWritten(channel, expected: 0) == [])
        drained(channel)
        #expect(try await answersWritten(channel, expected: 2) == targets(1..<3))
        #expect(try await channel.finish(acceptAlreadyClosed: true).isClean)
    }

    @Test(arguments: [false, true])
    func pipelinedRequestsAreAnsweredInOrder(atOnce: Bool) async throws {
        let channel = try await channel(atOnce: atOnce)
        try await send(40, to: channel)
        #expect(try await answersWritten(channel, expected: 40) == targets(0..<40))
        #expect(try await channel.finish(acceptAlreadyClosed: true).isClean)
    }
}
