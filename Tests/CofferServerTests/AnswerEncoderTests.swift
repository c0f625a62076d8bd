import NIOCore
import NIOHTTP1
import Testing

@testable import CofferHTTP

@Suite("an answer's bytes on the wire")
struct AnswerEncoderTests {
    private func wire(_ answer: VaultAnswer, _ version: HTTPVersion = .http1_1, keepAlive: Bool = true) -> String {
        String(
            buffer: AnswerEncoder.encode(
                answer, version: version, keepAlive: keepAlive, date: "Tue, 08 Dec 2026 00:00:00 GMT",
                allocator: ByteBufferAllocator()))
    }

    private let fixed = "Content-Type: application/json\r\nCache-Control: no-store\r\n"
    private let dateAndServer = "Date: Tue, 08 Dec 2026 00:00:00 GMT\r\nServer: coffer\r\n"

    @Test func aBodyIsFramedByItsLength() {
        #expect(
            wire(VaultAnswer(status: 200, body: Array(#"{"a":1}"#.utf8), isHead: false))
                == "HTTP/1.1 200 OK\r\n\(fixed)Content-Length: 7\r\n\(dateAndServer)\r\n{\"a\":1}")
    }

    @Test func noContentAndNotModifiedCarryNoLength() {
        #expect(
            wire(VaultAnswer(status: 204, body: nil, isHead: false))
                == "HTTP/1.1 204 No Content\r\n\(fixed)\(dateAndServer)\r\n")
        #expect(
            wire(VaultAnswer(status: 304, body: [1], isHead: false))
                == "HTTP/1.1 304 Not Modified\r\n\(fixed)\(dateAndServer)\r\n")
    }

    @Test func headAnswersHaveNoBody() {
        #expect(
            wire(VaultAnswer(status: 200, body: nil, isHead: true))
                == "HTTP/1.1 200 OK\r\n\(fixed)Content-Length: 0\r\n\(dateAndServer)\r\n")
    }

    @Test func theConnectionHeaderFollowsTheVersionAndWhetherItStaysOpen() {
        let redirect = VaultAnswer(status: 307, body: nil, isHead: false, location: "http://active:8200/v1/x")
        #expect(
            wire(redirect, .http1_0)
                == "HTTP/1.0 307 Temporary Redirect\r\n\(fixed)Content-Length: 0\r\n\(dateAndServer)"
                + "Location: http://active:8200/v1/x\r\nConnection: keep-alive\r\n\r\n")
        let closing = wire(redirect, keepAlive: false)
        #expect(closing.hasSuffix("Location: http://active:8200/v1/x\r\nConnection: close\r\n\r\n"))
        #expect(!wire(redirect).contains("Connection:"))
    }
}
