import Logging
import NIOCore

/// What `VaultRequestHandler` tells the connection's timers, sent as an outbound user event.
enum ConnectionProgress: Sendable {
    case headRead
    case requestRead
    case answerStarted
    case answerSent
    case answerWritten(idle: Bool)
}

/// Closes a connection that breaks one of the listener's time limits (`ConnectionDeadlines`).
///
/// Sits first in the HTTP part of the pipeline and sees the request bytes; `VaultRequestHandler`
/// reports its progress through `ConnectionProgress` events. One timer runs per connection, set
/// for the earliest deadline and moved only when a deadline comes earlier, so a request that
/// arrives and is answered in time costs no timer operation.
final class ConnectionTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var deadlines: ConnectionDeadlines
    private var timer: (task: Scheduled<Void>, at: NIODeadline)?
    private let logger: Logger

    init(timeouts: ListenerTimeouts, logger: Logger) {
        deadlines = ConnectionDeadlines(timeouts)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        deadlines.connected(at: .now())
        armTimer(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.task.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadlines.bytesRead(at: .now())
        armTimer(context: context)
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let progress = event as? ConnectionProgress else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch progress {
        case .headRead: deadlines.headRead()
        case .requestRead: deadlines.requestRead()
        case .answerStarted: deadlines.answerStarted(at: .now())
        case .answerSent: deadlines.answerSent(at: .now())
        case .answerWritten(let idle): deadlines.answerWritten(at: .now(), idle: idle)
        }
        armTimer(context: context)
        promise?.succeed()
    }

    /// Makes the timer fire no later than the earliest deadline; a timer due earlier stays.
    private func armTimer(context: ChannelHandlerContext) {
        guard let due = deadlines.earliest?.deadline else { return }
        if let timer, timer.at <= due { return }
        timer?.task.cancel()
        let loop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        let task = loop.scheduleTask(deadline: due) { bound.value.handler.timerFired(context: bound.value.context) }
        timer = (task, due)
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        guard let (due, limit) = deadlines.earliest else { return }
        guard due <= .now() else {
            armTimer(context: context)
            return
        }
        logger.debug(
            "closing a connection past its time limit",
            metadata: ["limit": "\(limit.rawValue)", "remote": "\(context.channel.remoteAddress?.description ?? "")"])
        context.close(promise: nil)
    }
}
