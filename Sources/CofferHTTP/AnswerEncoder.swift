import NIOCore
import NIOHTTP1

/// An answer as the bytes that go on the wire: status line, the headers every answer carries, and
/// the body, in one buffer, so each answer is one write through the pipeline and one I/O vector.
enum AnswerEncoder {
    private static let fixedHeaders = Array("Content-Type: application/json\r\nCache-Control: no-store\r\n".utf8)
    private static let serverHeader = Array("Server: coffer\r\n".utf8)

    /// The answer to a request of `version`; `keepAlive` says whether the connection stays open.
    static func encode(
        _ answer: VaultAnswer, version: HTTPVersion, keepAlive: Bool, date: String, allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        let body = answer.body ?? []
        var buffer = allocator.buffer(capacity: 192 + body.count)
        let status = HTTPResponseStatus(statusCode: answer.status)
        buffer.writeString("HTTP/\(version.major).\(version.minor) \(status.code) \(status.reasonPhrase)\r\n")
        buffer.writeBytes(fixedHeaders)
        if answer.body != nil {
            header("Content-Length", String(body.count), into: &buffer)
        } else if answer.status != 204 && answer.status != 304 {
            header("Content-Length", "0", into: &buffer)
        }
        header("Date", date, into: &buffer)
        buffer.writeBytes(serverHeader)
        if let location = answer.location { header("Location", location, into: &buffer) }
        if !keepAlive {
            header("Connection", "close", into: &buffer)
        } else if version.major == 1 && version.minor == 0 {
            header("Connection", "keep-alive", into: &buffer)
        }
        buffer.writeStaticString("\r\n")
        buffer.writeBytes(body)
        return buffer
    }

    private static func header(_ name: StaticString, _ value: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(name)
        buffer.writeStaticString(": ")
        buffer.writeString(value)
        buffer.writeStaticString("\r\n")
    }
}
