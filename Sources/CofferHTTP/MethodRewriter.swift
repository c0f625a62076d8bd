import NIOCore
import NIOHTTP1

/// Lets any method reach the API, as Go's HTTP server does, though NIO's parser knows only a fixed
/// list: Vault's `LIST`, and methods it answers 405 (`BREW`).
///
/// Before parsing, a request line whose method is not one the API serves becomes
/// `GET <target> <version>`, and the method is noted; once the parser has read that request's head,
/// `RequestMethodRestorer` puts the method back. Only requests that start a read are rewritten: a
/// request pipelined behind another in the same packet keeps its method line, and the parser
/// refuses one it does not know (400).
///
/// A read starts a request only when the one before it ended exactly where a request did. The
/// parser says where a request ends by its `.end`, not at which byte; so each read reaches it in
/// two parts, its last byte apart, and a request ended at the read's end only when its `.end`
/// comes from that last byte. A read that ends inside the next request leaves the following read
/// unrewritten, whatever its first word.
final class MethodRewriter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Methods NIO's parser reads and the API serves; every other method line is rewritten.
    private static let parsedMethods: Set<[UInt8]> = Set(
        ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"].map { Array($0.utf8) })
    private static let maxMethodLength = 32
    private let boundary: RequestBoundary
    private var held: ByteBuffer?
    /// Whether the next inbound byte starts a request.
    private var atRequestStart = true

    init(boundary: RequestBoundary) { self.boundary = boundary }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if var earlier = held {
            earlier.writeBuffer(&buffer)
            buffer = earlier
            held = nil
        }
        guard atRequestStart else {
            forward(buffer, context: context)
            return
        }
        let bytes = buffer.readableBytesView
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")) else {
            if bytes.count <= Self.maxMethodLength && bytes.allSatisfy(Self.isTokenCharacter) {
                held = buffer
            } else {
                forward(buffer, context: context)
            }
            return
        }
        let method = Array(bytes[bytes.startIndex..<space])
        guard !method.isEmpty, method.count <= Self.maxMethodLength, method.allSatisfy(Self.isTokenCharacter),
            !Self.parsedMethods.contains(method)
        else {
            forward(buffer, context: context)
            return
        }
        boundary.rewrittenMethod = String(decoding: method, as: UTF8.self)
        var rewritten = context.channel.allocator.buffer(capacity: buffer.readableBytes)
        rewritten.writeString("GET")
        rewritten.writeBytes(bytes[space...])
        forward(rewritten, context: context)
    }

    /// Passes `buffer` to the parser, its last byte apart, and notes whether a request ended on it.
    private func forward(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        var buffer = buffer
        if buffer.readableBytes > 1, let allButLast = buffer.readSlice(length: buffer.readableBytes - 1) {
            context.fireChannelRead(wrapInboundOut(allButLast))
        }
        let endsBefore = boundary.requestsEnded
        context.fireChannelRead(wrapInboundOut(buffer))
        atRequestStart = boundary.requestsEnded != endsBefore
    }

    /// RFC 9110 `tchar`: the characters a method token may hold.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// What `MethodRewriter` and `RequestMethodRestorer` share about one connection's input; both run
/// on that connection's event loop.
final class RequestBoundary: @unchecked Sendable {
    /// How many requests the parser has read to their end.
    var requestsEnded = 0
    /// The method the rewriter replaced in the request being parsed.
    var rewrittenMethod: String?
}

/// Puts a rewritten method back into the parsed request head, and counts the requests the parser
/// read to their end.
final class RequestMethodRestorer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let boundary: RequestBoundary

    init(boundary: RequestBoundary) { self.boundary = boundary }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            guard let method = boundary.rewrittenMethod else { break }
            boundary.rewrittenMethod = nil
            head.method = .RAW(value: method)
            context.fireChannelRead(wrapInboundOut(.head(head)))
            return
        case .end:
            boundary.requestsEnded &+= 1
        case .body:
            break
        }
        context.fireChannelRead(data)
    }
}
