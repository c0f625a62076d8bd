import NIOCore

/// The time limits running on one connection, as a value: events in, the earliest deadline out.
///
/// A request's head and whole-request limits start with its first byte (or the connection, for the
/// first request); the write limit runs from the moment a request is answered until its answer is
/// written; the idle limit runs from an answer after which nothing is left to read or answer, and
/// also while answers handed to the socket are not written: a client that stops taking its answers
/// is idle too, and is closed once none of them has gone out for that long (even with no write
/// limit, where the reference would wait forever).
struct ConnectionDeadlines {
    /// Which limit a deadline belongs to, named as in the configuration.
    enum Limit: String {
        case readHeader = "http_read_header_timeout"
        case read = "http_read_timeout"
        case write = "http_write_timeout"
        case idle = "http_idle_timeout"
    }

    private let headLimit: TimeAmount?
    private let requestLimit: TimeAmount?
    private let writeLimit: TimeAmount?
    private let idleLimit: TimeAmount?

    private var head: NIODeadline?
    private var request: NIODeadline?
    private var write: NIODeadline?
    private var idle: NIODeadline?
    private var drain: NIODeadline?
    private var unwritten = 0
    private var reading = false

    init(_ timeouts: ListenerTimeouts) {
        let read = Self.amount(timeouts.read)
        requestLimit = read
        headLimit = Self.amount(timeouts.readHeader) ?? read
        writeLimit = Self.amount(timeouts.write)
        idleLimit = Self.amount(timeouts.idle) ?? read
    }

    /// The deadline due first and its limit; nil when no limit runs.
    var earliest: (deadline: NIODeadline, limit: Limit)? {
        var best: (deadline: NIODeadline, limit: Limit)?
        let deadlines = [(head, Limit.readHeader), (request, .read), (write, .write), (idle, .idle), (drain, .idle)]
        for (deadline, limit) in deadlines {
            guard let deadline else { continue }
            if best == nil || deadline < best!.deadline { best = (deadline, limit) }
        }
        return best
    }

    /// The connection was accepted: its first request's limits start.
    mutating func connected(at now: NIODeadline) {
        startRequest(at: now)
    }

    /// Bytes arrived: if no request was being read, a new one starts.
    mutating func bytesRead(at now: NIODeadline) {
        guard !reading else { return }
        startRequest(at: now)
    }

    /// The request's head has been read in full.
    mutating func headRead() {
        head = nil
    }

    /// The request has been read in full, body included.
    mutating func requestRead() {
        head = nil
        request = nil
        reading = false
    }

    /// The server started answering a request.
    mutating func answerStarted(at now: NIODeadline) {
        write = writeLimit.map { now + $0 }
    }

    /// An answer has been handed to the socket; it must be written within the idle limit.
    mutating func answerSent(at now: NIODeadline) {
        unwritten += 1
        if drain == nil { drain = idleLimit.map { now + $0 } }
    }

    /// An answer has been written; `idle` when no other request waits for one (else the next
    /// answer has started and its write limit runs). Answers still unwritten get a new idle limit.
    mutating func answerWritten(at now: NIODeadline, idle isIdle: Bool) {
        unwritten = max(unwritten - 1, 0)
        drain = unwritten > 0 ? idleLimit.map { now + $0 } : nil
        guard isIdle else { return }
        write = nil
        if !reading { idle = idleLimit.map { now + $0 } }
    }

    private mutating func startRequest(at now: NIODeadline) {
        reading = true
        idle = nil
        head = headLimit.map { now + $0 }
        request = requestLimit.map { now + $0 }
    }

    /// Longest limit kept, about a century, so that no deadline arithmetic can overflow.
    private static let longestSeconds: Int64 = 100 * 365 * 86_400

    /// A positive duration as NIO's amount, capped at `longestSeconds`; nil for zero or less.
    private static func amount(_ duration: Duration) -> TimeAmount? {
        guard duration > .zero else { return nil }
        let (seconds, attoseconds) = duration.components
        guard seconds < longestSeconds else { return .seconds(longestSeconds) }
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
