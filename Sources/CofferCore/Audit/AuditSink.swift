/// Where an audit device's lines go. A write either records the whole line or throws; a device
/// that throws is tried again on the next line, so it recovers by itself once it can write.
protocol AuditSink: Sendable {
    /// Whether a write can wait on something outside the server (a socket peer, a pipe, a syslog
    /// daemon); such writes run through `BlockingWork`, off the event loops. A regular file's
    /// write does not wait on anyone and runs in place.
    var mayBlock: Bool { get }
    func write(_ line: [UInt8]) throws(AuditSinkError)
    /// Closes and reopens what the sink writes to (SIGHUP, for logrotate).
    func reopen() throws(AuditSinkError)
    /// Closes for good (the device is disabled or the server seals).
    func close()
}

/// Why an audit device could not record a line; for the server log, never for clients.
struct AuditSinkError: Error, Sendable, CustomStringConvertible {
    let description: String
}
