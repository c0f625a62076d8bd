import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// A child channel that accepts Vault's `LIST` method, which NIO's HTTP parser rejects.
///
/// Before parsing, `LIST /v1/p?q HTTP/1.1` becomes `GET /v1/p?q&list=true HTTP/1.1`, the form
/// Vault's own Go client sends. Only requests that start a read are rewritten: a `LIST` pipelined
/// behind another request in the same packet is still refused by the parser.
struct ListMethodChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let boundary = RequestBoundary()
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ListMethodRewriter(boundary: boundary))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(RequestEndObserver(boundary: boundary), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Whether the next inbound byte starts a request; shared by the two handlers of one connection,
/// which both run on that connection's event loop.
final class RequestBoundary: @unchecked Sendable {
    var atRequestStart = true
}

/// Marks the start of the next request once the parser has seen the end of the current one.
final class RequestEndObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let boundary: RequestBoundary

    init(boundary: RequestBoundary) { self.boundary = boundary }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { boundary.atRequestStart = true }
        context.fireChannelRead(data)
    }
}

/// Rewrites a `LIST` request line to `GET …list=true` before the HTTP parser sees it.
final class ListMethodRewriter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private static let listPrefix = Array("LIST ".utf8)
    private static let maxRequestLine = 16 * 1024
    private let boundary: RequestBoundary
    private var held: ByteBuffer?

    init(boundary: RequestBoundary) { self.boundary = boundary }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if var earlier = held {
            earlier.writeBuffer(&buffer)
            buffer = earlier
            held = nil
        }
        guard boundary.atRequestStart else {
            context.fireChannelRead(wrapInboundOut(buffer))
            return
        }
        let bytes = buffer.readableBytesView
        if bytes.count < Self.listPrefix.count && Self.listPrefix.starts(with: bytes) {
            held = buffer
            return
        }
        guard bytes.starts(with: Self.listPrefix) else {
            boundary.atRequestStart = false
            context.fireChannelRead(wrapInboundOut(buffer))
            return
        }
        guard let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\r")) ?? bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            if bytes.count < Self.maxRequestLine {
                held = buffer
            } else {
                boundary.atRequestStart = false
                context.fireChannelRead(wrapInboundOut(buffer))
            }
            return
        }
        boundary.atRequestStart = false
        let line = bytes[bytes.startIndex..<lineEnd]
        var rewritten = context.channel.allocator.buffer(capacity: buffer.readableBytes + 16)
        rewritten.writeBytes(Self.rewrite(Array(line)))
        rewritten.writeBytes(bytes[lineEnd...])
        context.fireChannelRead(wrapInboundOut(rewritten))
    }

    /// `LIST <target> <version>` as `GET <target>[?|&]list=true <version>`.
    static func rewrite(_ line: [UInt8]) -> [UInt8] {
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3 else { return line }
        let target = Array(parts[1])
        let separator = target.contains(UInt8(ascii: "?")) ? "&" : "?"
        return Array("GET ".utf8) + target + Array("\(separator)list=true ".utf8) + Array(parts[2])
    }
}
