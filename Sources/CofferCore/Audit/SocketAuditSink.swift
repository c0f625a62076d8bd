#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import CofferAPI

/// The `socket` device: lines written on one kept connection to `address` over `socket_type`
/// (`tcp`, the default, `udp` or `unix`). Connecting and each write give up after
/// `write_timeout` (default 2 s); a write that fails reconnects once and tries again.
final class SocketAuditSink: AuditSink {
    private let socket: ReconnectingSocket

    init(options: [String: String]) throws(CoreError) {
        guard let address = options["address"], !address.isEmpty else { throw .badRequest("address is required") }
        let kind = (options["socket_type"] ?? "tcp").lowercased()
        guard ["tcp", "udp", "unix"].contains(kind) else {
            throw .badRequest("audit backend failed test message: unknown network \(kind)")
        }
        let timeout: Int64
        do { timeout = try BoundedDuration(parsing: options["write_timeout"] ?? "2s").seconds } catch {
            throw .badRequest("time: invalid duration \"\(options["write_timeout"] ?? "")\"")
        }
        socket = ReconnectingSocket { () throws(AuditSinkError) in try Self.connect(address, kind: kind, timeout: timeout) }
        if options["skip_test"].map({ ["1", "t", "true"].contains($0.lowercased()) }) != true {
            do { try reopen() } catch { throw .badRequest("audit backend failed test message: \(error.description)") }
        }
    }

    /// A peer can stop reading, so a send can wait up to `write_timeout`.
    var mayBlock: Bool { true }

    func write(_ line: [UInt8]) throws(AuditSinkError) { try socket.send(line) }

    func reopen() throws(AuditSinkError) { try socket.reconnect() }

    func close() { socket.close() }

    /// A socket connected to `address`, with send and receive deadlines of `timeout`.
    private static func connect(_ address: String, kind: String, timeout: Int64) throws(AuditSinkError) -> Int32 {
        if kind == "unix" {
            return try SocketAddress.unix(address) { pointer, length throws(AuditSinkError) in
                try open(family: AF_UNIX, type: Int32(SOCK_STREAM.rawValue), address: pointer, length: length, timeout: timeout)
            }
        }
        return try SocketAddress.resolve(address, udp: kind == "udp") { family, type, pointer, length throws(AuditSinkError) in
            try open(family: family, type: type, address: pointer, length: length, timeout: timeout)
        }
    }

    private static func open(
        family: Int32, type: Int32, address: UnsafePointer<sockaddr>, length: socklen_t, timeout: Int64
    ) throws(AuditSinkError) -> Int32 {
        let fd = Glibc.socket(family, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw AuditSinkError.system("socket") }
        var deadline = timeval(tv_sec: Int(max(1, timeout)), tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &deadline, socklen_t(MemoryLayout<timeval>.size))
        if Glibc.connect(fd, address, length) != 0 {
            let error = AuditSinkError.system("dial")
            Glibc.close(fd)
            throw error
        }
        return fd
    }
}

extension AuditSinkError {
    /// The failure of a system call, with the system's message.
    static func system(_ what: String) -> AuditSinkError {
        AuditSinkError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
