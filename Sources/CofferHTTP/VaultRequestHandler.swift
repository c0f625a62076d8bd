import CofferCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// Reads each request of one connection, has the responder answer it, and writes the answer.
///
/// The whole request is read first, its body only up to the listener's limit (past it the answer is
/// 413). Requests are answered one at a time, in order: one that arrives while another is being
/// answered (HTTP pipelining) waits, and the connection reads no more until it is answered. A
/// client that waits for each answer never stops the connection's reading, which would cost two
/// `epoll_ctl` calls per request. The connection closes after an answer when the client asked for
/// that (`Connection: close`, HTTP/1.0) or the server is shutting down; an idle connection closes
/// at once on shutdown, and any connection after a malformed request. When the client closes its
/// side (end of input), what it sent in full is answered, then the connection closes. Progress is
/// reported to `ConnectionTimeoutHandler` as `ConnectionProgress` events.
final class VaultRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// A request read in full, waiting for its answer.
    private struct ReadRequest {
        let head: HTTPRequestHead
        let body: ByteBuffer?
    }

    private static let jsonType = "application/json"
    private static let noStore = "no-store"
    private static let serverName = "coffer"

    private let responder: any RequestAnswering
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var bodyTooLarge = false
    private var answering = false
    private var quiescing = false
    private var inputClosed = false
    private var removed = false
    private var waiting = CircularBuffer<ReadRequest>()
    private var readHeld = false

    init(responder: any RequestAnswering) { self.responder = responder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            bodyTooLarge = false
            context.triggerUserOutboundEvent(ConnectionProgress.headRead, promise: nil)
        case .body(var chunk):
            guard !bodyTooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > responder.maxRequestSize {
                bodyTooLarge = true
                body = nil
            } else if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            context.triggerUserOutboundEvent(ConnectionProgress.requestRead, promise: nil)
            let request = ReadRequest(head: requestHead, body: bodyTooLarge ? nil : (body ?? ByteBuffer()))
            body = nil
            if answering {
                waiting.append(request)
            } else {
                answer(request, context: context)
            }
        }
    }

    /// Reading stops while a read request waits for the one being answered.
    func read(context: ChannelHandlerContext) {
        if waiting.isEmpty {
            context.read()
        } else {
            readHeld = true
        }
    }

    /// A malformed request gets a 400 in Vault's envelope, unless an answer is still being made;
    /// either way, as after a failed socket, the connection cannot go on. A TLS client's end of
    /// input without `close_notify` is no failure: the end of input that follows is handled as any.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .uncleanShutdown = error as? NIOSSLError { return }
        guard let parserError = error as? HTTPParserError, !answering else {
            context.close(promise: nil)
            return
        }
        head = nil
        answering = true
        let message = "malformed HTTP request: \(parserError)"
        let answer = ResponseEncoder.encode(CoreError(.badRequest, [message]), head: false)
        write(answer, for: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/"), closing: true, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        removed = true
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            quiescing = true
            if head == nil && !answering { context.close(promise: nil) }
        } else if case .inputClosed = event as? ChannelEvent {
            inputClosed = true
            if !answering { context.close(promise: nil) }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func answer(_ read: ReadRequest, context: ChannelHandlerContext) {
        let requestHead = read.head
        let headers = requestHead.headers
        let request = VaultHTTPRequest(
            method: requestHead.method.rawValue, target: requestHead.uri,
            vaultToken: headers.first(name: "x-vault-token"), authorization: headers.first(name: "authorization"),
            wrapTTL: headers.first(name: "x-vault-wrap-ttl"), contentType: headers.first(name: "content-type"),
            body: read.body, remoteAddress: context.channel.remoteAddress?.ipAddress)
        answering = true
        context.triggerUserOutboundEvent(ConnectionProgress.answerStarted, promise: nil)
        let responder = responder
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        Task {
            let answer = await responder.answer(request)
            if loop.inEventLoop {
                bound.value.handler.write(answer, for: requestHead, context: bound.value.context)
            } else {
                loop.execute { bound.value.handler.write(answer, for: requestHead, context: bound.value.context) }
            }
        }
    }

    private func write(
        _ answer: VaultAnswer, for requestHead: HTTPRequestHead, closing: Bool = false, context: ChannelHandlerContext
    ) {
        answering = false
        guard !removed else { return }
        let keepAlive = requestHead.isKeepAlive && !quiescing && !closing && !(inputClosed && waiting.isEmpty)
        var headers = HTTPHeaders()
        headers.reserveCapacity(6)
        headers.add(name: "Content-Type", value: Self.jsonType)
        headers.add(name: "Cache-Control", value: Self.noStore)
        if let body = answer.body {
            headers.add(name: "Content-Length", value: String(body.count))
        } else if answer.status != 204 {
            headers.add(name: "Content-Length", value: "0")
        }
        headers.add(name: "Date", value: HTTPDate.shared.now())
        headers.add(name: "Server", value: Self.serverName)
        if let location = answer.location { headers.add(name: "Location", value: location) }
        if !keepAlive {
            headers.add(name: "Connection", value: "close")
        } else if requestHead.version.major == 1 && requestHead.version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let status = HTTPResponseStatus(statusCode: answer.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: requestHead.version, status: status, headers: headers))),
            promise: nil)
        if let body = answer.body {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        guard keepAlive else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        let idle = waiting.isEmpty
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenSuccess {
            context.triggerUserOutboundEvent(ConnectionProgress.answerWritten(idle: idle), promise: nil)
        }
        if let next = waiting.popFirst() {
            self.answer(next, context: context)
        } else if readHeld {
            readHeld = false
            context.read()
        }
    }
}
