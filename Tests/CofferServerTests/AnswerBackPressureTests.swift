import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import CofferHTTP

/// Answers every request at once with a small JSON body.
private struct ImmediateAnswers: RequestAnswering {
    let maxRequestSize = 1024

    func answer(_ request: VaultHTTPRequest) async -> VaultAnswer {
        VaultAnswer(status: 200, body: Array(#"{"ok":true}"#.utf8), isHead: false)
    }
}

@Suite("answers wait while the connection is not writable")
struct AnswerBackPressureTests {
    private func channel() async throws -> NIOAsyncTestingChannel {
        let channel = NIOAsyncTestingChannel()
        try await channel.pipeline.addHandler(VaultRequestHandler(responder: ImmediateAnswers()))
        return channel
    }

    private func send(_ count: Int, to channel: NIOAsyncTestingChannel) async throws {
        for _ in 0..<count {
            let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/v1/sys/health")
            try await channel.writeInbound(HTTPServerRequestPart.head(head))
            try await channel.writeInbound(HTTPServerRequestPart.end(nil))
        }
    }

    /// The client took its answers: the channel is writable again.
    private func drained(_ channel: NIOAsyncTestingChannel) {
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
    }

    /// How many answers (their heads) the handler writes, waiting for `expected` of them for up to
    /// two seconds (for none, a tenth of a second).
    private func answersWritten(_ channel: NIOAsyncTestingChannel, expected: Int) async throws -> Int {
        var heads = 0
        for _ in 0..<(expected == 0 ? 1 : 20) {
            try await Task.sleep(for: .milliseconds(100))
            while let part = try await channel.readOutbound(as: HTTPServerResponsePart.self) {
                if case .head = part { heads += 1 }
            }
            if heads >= expected && expected > 0 { break }
        }
        return heads
    }

    @Test func noAnswerStartsUntilTheChannelIsWritableAgain() async throws {
        let channel = try await channel()
        channel.isWritable = false
        try await send(3, to: channel)
        #expect(try await answersWritten(channel, expected: 0) == 0)
        drained(channel)
        #expect(try await answersWritten(channel, expected: 3) == 3)
        _ = try await channel.finish(acceptAlreadyClosed: true)
    }

    @Test func answeringPausesWhenTheChannelStopsBeingWritable() async throws {
        let channel = try await channel()
        try await send(1, to: channel)
        #expect(try await answersWritten(channel, expected: 1) == 1)
        channel.isWritable = false
        try await send(2, to: channel)
        #expect(try await answersWritten(channel, expected: 0) == 0)
        drained(channel)
        #expect(try await answersWritten(channel, expected: 2) == 2)
        #expect(try await channel.finish(acceptAlreadyClosed: true).isClean)
    }
}
