import CofferCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// Reads each request of one connection, has the responder answer it, and writes the answer.
///
/// The whole request is read first, its body only up to the listener's limit (past it the answer is
/// 413). Requests are answered one at a time, in order: one that arrives while another is being
/// answered (HTTP pipelining) waits, and the connection reads no more until it is answered, so the
/// queue holds at most what one read delivered. A client that waits for each answer never stops
/// the connection's reading, which would cost two `epoll_ctl` calls per request. While the channel
/// is not writable (the client does not take its answers), no answer starts and nothing is read;
/// both resume when it drains, so a client that never reads holds no more than NIO's high water
/// mark of answers. The connection closes after an answer when the client asked for
/// that (`Connection: close`, HTTP/1.0) or the server is shutting down; an idle connection closes
/// at once on shutdown, and any connection after a malformed request. When the client closes its
/// side (end of input), what it sent in full is answered, then the connection closes. Progress is
/// reported to `ConnectionTimeoutHandler` as `ConnectionProgress` events.
final class VaultRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A request read in full, waiting for its answer.
    private struct ReadRequest {
        let head: HTTPRequestHead
        let body: ByteBuffer?
    }

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
    private var answeredInARow = 0
    private var resumeScheduled = false
    /// Why the parser refused the input; its 400 follows the answers to the requests before it.
    private var malformed: String?
    /// The peer's IP address once read: `.some(nil)` when the transport has none.
    private var peer: String??

    /// Pipelined answers given in a row before the event loop is left to other connections.
    private static let answersPerTurn = 32

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
            if answering || !waiting.isEmpty || !context.channel.isWritable {
                waiting.append(request)
            } else {
                answer(request, context: context)
            }
        }
    }

    /// Reading stops while a read request waits, while answers wait to be taken, and for good
    /// after a malformed request.
    func read(context: ChannelHandlerContext) {
        guard malformed == nil else { return }
        if waiting.isEmpty && context.channel.isWritable {
            context.read()
        } else {
            readHeld = true
        }
    }

    /// The client took enough of its answers: the next waiting request is answered, or reading resumes.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !answering && !removed { startNext(context: context) }
        context.fireChannelWritabilityChanged()
    }

    /// A malformed request gets a 400 in Vault's envelope once the requests read before it are
    /// answered, and the connection closes after it (or after an earlier answer that closes it);
    /// input after the malformed request is dropped. Any other failure closes the connection at
    /// once, as a failed socket must. A TLS client's end of input without `close_notify` is no
    /// failure: the end of input that follows is handled as any.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .uncleanShutdown = error as? NIOSSLError { return }
        if malformed != nil, error is ByteToMessageDecoderError { return }
        guard let parserError = error as? HTTPParserError, malformed == nil else {
            context.close(promise: nil)
            return
        }
        head = nil
        body = nil
        malformed = "malformed HTTP request: \(parserError)"
        if !answering && waiting.isEmpty { answerMalformed(context: context) }
    }

    /// The 400 for the malformed request, which closes the connection.
    private func answerMalformed(context: ChannelHandlerContext) {
        guard let message = malformed else { return }
        answering = true
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
            if !answering && waiting.isEmpty { context.close(promise: nil) }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// The peer's IP address, read from the channel once per connection.
    private func peerAddress(_ context: ChannelHandlerContext) -> String? {
        if let known = peer { return known }
        let address = context.channel.remoteAddress?.ipAddress
        peer = .some(address)
        return address
    }

    private func answer(_ read: ReadRequest, context: ChannelHandlerContext) {
        let requestHead = read.head
        let headers = requestHead.headers
        let request = VaultHTTPRequest(
            method: requestHead.method.rawValue, target: requestHead.uri,
            vaultToken: headers.first(name: "x-vault-token"), authorization: headers.first(name: "authorization"),
            wrapTTL: headers.first(name: "x-vault-wrap-ttl"), contentType: headers.first(name: "content-type"),
            body: read.body, remoteAddress: peerAddress(context))
        answering = true
        context.triggerUserOutboundEvent(ConnectionProgress.answerStarted, promise: nil)
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        if let answer = responder.answerAtOnce(request) {
            // Written after the reads of this turn of the loop, beside the other connections'
            // answers, as a task's answer is: written from within the read, each answer woke the
            // client on its own, and the listener answered a quarter fewer requests.
            loop.execute { bound.value.handler.write(answer, for: requestHead, context: bound.value.context) }
            return
        }
        let responder = responder
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
        let bytes = AnswerEncoder.encode(
            answer, version: requestHead.version, keepAlive: keepAlive, date: HTTPDate.shared.now(),
            allocator: context.channel.allocator)
        context.triggerUserOutboundEvent(ConnectionProgress.answerSent, promise: nil)
        guard keepAlive else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        let idle = waiting.isEmpty
        context.writeAndFlush(wrapOutboundOut(bytes)).assumeIsolated().whenSuccess {
            context.triggerUserOutboundEvent(ConnectionProgress.answerWritten(idle: idle), promise: nil)
        }
        startNext(context: context)
    }

    /// Answers the next waiting request, or resumes reading, unless answers wait to be taken.
    ///
    /// NIO runs queued tasks until none is left before it polls for I/O again, and each answer
    /// queues the next one; so after `answersPerTurn` pipelined answers in a row the next one
    /// starts a millisecond later, and the connections sharing the event loop are served meanwhile.
    private func startNext(context: ChannelHandlerContext) {
        guard context.channel.isWritable, !resumeScheduled else { return }
        guard let next = waiting.first else {
            answeredInARow = 0
            if malformed != nil {
                answerMalformed(context: context)
                return
            }
            if readHeld {
                readHeld = false
                context.read()
            }
            return
        }
        guard answeredInARow < Self.answersPerTurn else {
            answeredInARow = 0
            resumeScheduled = true
            let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(1)) {
                let handler = bound.value.handler
                handler.resumeScheduled = false
                if !handler.answering && !handler.removed { handler.startNext(context: bound.value.context) }
            }
            return
        }
        answeredInARow += 1
        waiting.removeFirst()
        answer(next, context: context)
    }
}
