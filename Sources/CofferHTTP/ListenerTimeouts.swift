/// Vault's connection time limits of one listener; a zero limit is none.
///
/// As in Go's HTTP server, a zero `readHeader` falls back to `read`, and a zero `idle` to `read`.
public struct ListenerTimeouts: Sendable, Equatable {
    /// `http_idle_timeout`: how long a keep-alive connection may wait for its next request.
    public var idle: Duration
    /// `http_read_header_timeout`: how long a client may take to send a request's head.
    public var readHeader: Duration
    /// `http_read_timeout`: how long a client may take to send a whole request, body included.
    public var read: Duration
    /// `http_write_timeout`: how long answering a request may take, from its head to its last byte.
    public var write: Duration

    /// Vault's defaults: idle 5m, read header 10s, read 30s, write none.
    public static let vaultDefaults = ListenerTimeouts(
        idle: .seconds(300), readHeader: .seconds(10), read: .seconds(30), write: .zero)

    public init(idle: Duration, readHeader: Duration, read: Duration, write: Duration) {
        self.idle = idle
        self.readHeader = readHeader
        self.read = read
        self.write = write
    }
}
