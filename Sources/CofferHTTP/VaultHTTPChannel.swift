import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// The listener's HTTP/1.1 connections: NIO's HTTP codec taking any method (`LIST` among them), each request
/// answered by `VaultRequestHandler` on the connection's event loop, and closed by
/// `ConnectionTimeoutHandler` when it breaks the listener's time limits.
///
/// Hummingbird's own HTTP channel hands every request part through async sequences; answering from
/// a channel handler instead saves those hops on every request.
public struct VaultHTTPChannel: ServerChildChannel {
    /// A connection being served; it is done when the channel closes.
    public struct Connection: ServerChildChannelValue {
        public let channel: any Channel
    }

    let responder: any RequestAnswering
    let timeouts: ListenerTimeouts

    public init(responder: any RequestAnswering, timeouts: ListenerTimeouts = .vaultDefaults) {
        self.responder = responder
        self.timeouts = timeouts
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Connection> {
        channel.eventLoop.makeCompletedFuture {
            let operations = channel.pipeline.syncOperations
            let boundary = RequestBoundary()
            try operations.addHandler(ConnectionTimeoutHandler(timeouts: timeouts, logger: logger))
            try operations.addHandler(MethodRewriter(boundary: boundary))
            // VaultRequestHandler orders pipelined requests itself and writes each answer's bytes
            // whole (`AnswerEncoder`), so only NIO's request decoder is needed.
            let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes))
            try operations.addHandler(decoder)
            try operations.addHandler(RequestMethodRestorer(boundary: boundary), position: .after(decoder))
            try operations.addHandler(VaultRequestHandler(responder: responder))
            return Connection(channel: channel)
        }
    }

    public func handle(value: Connection, logger: Logger) async {
        do {
            try await value.channel.closeFuture.get()
        } catch {
            logger.trace("connection closed with an error", metadata: ["error": "\(error)"])
        }
    }
}
