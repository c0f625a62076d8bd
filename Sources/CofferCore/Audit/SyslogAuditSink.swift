#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation

/// The `syslog` device: each line one datagram to the local syslog socket (`/dev/log`,
/// `/var/run/syslog` or `/var/run/log`), at priority info of `facility` (default `AUTH`), tagged
/// `tag` (default `vault`) and the process ID, as the reference sends it.
final class SyslogAuditSink: AuditSink {
    static let sockets = ["/dev/log", "/var/run/syslog", "/var/run/log"]
    static let facilities: [String: Int] = [
        "KERN": 0, "USER": 1, "MAIL": 2, "DAEMON": 3, "AUTH": 4, "SYSLOG": 5, "LPR": 6, "NEWS": 7, "UUCP": 8,
        "CRON": 9, "AUTHPRIV": 10, "FTP": 11, "LOCAL0": 16, "LOCAL1": 17, "LOCAL2": 18, "LOCAL3": 19, "LOCAL4": 20,
        "LOCAL5": 21, "LOCAL6": 22, "LOCAL7": 23,
    ]

    private let priority: Int
    private let tag: String
    private let connection = ReconnectingSocket { () throws(AuditSinkError) in try SyslogAuditSink.connect() }

    init(options: [String: String]) throws(CoreError) {
        let facility = (options["facility"] ?? "AUTH").uppercased()
        guard let code = Self.facilities[facility] else { throw .badRequest("invalid syslog facility: \(facility)") }
        priority = code * 8 + 6
        tag = options["tag"] ?? "vault"
        do { try reopen() } catch { throw .badRequest("Unix syslog delivery error") }
    }

    /// A busy syslog daemon leaves its socket's queue full, and a send waits for room.
    var mayBlock: Bool { true }

    func write(_ line: [UInt8]) throws(AuditSinkError) {
        try connection.send(Array("<\(priority)>\(Self.stamp(Date())) \(tag)[\(getpid())]: ".utf8) + line)
    }

    func reopen() throws(AuditSinkError) { try connection.reconnect() }

    func close() { connection.close() }

    private static func connect() throws(AuditSinkError) -> Int32 {
        var lastError = AuditSinkError(description: "no local syslog socket")
        for path in sockets where FileManager.default.fileExists(atPath: path) {
            for type in [SOCK_DGRAM, SOCK_STREAM] {
                do throws(AuditSinkError) {
                    return try SocketAddress.unix(path) { address, length throws(AuditSinkError) in
                        let fd = Glibc.socket(AF_UNIX, Int32(type.rawValue | SOCK_CLOEXEC.rawValue), 0)
                        guard fd >= 0 else { throw AuditSinkError.system("socket") }
                        if Glibc.connect(fd, address, length) != 0 {
                            let error = AuditSinkError.system("dial \(path)")
                            Glibc.close(fd)
                            throw error
                        }
                        return fd
                    }
                } catch {
                    lastError = error
                }
            }
        }
        throw lastError
    }

    /// `Dec  7 07:07:55`: the timestamp of a traditional syslog line, local time.
    private static func stamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = parts.tm_mday < 10 ? " \(parts.tm_mday)" : "\(parts.tm_mday)"
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(months[Int(parts.tm_mon)]) \(day) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
