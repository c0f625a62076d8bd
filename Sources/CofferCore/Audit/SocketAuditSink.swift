#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import CofferAPI
import Synchronization

/// The `socket` device: lines written on one kept connection to `address` over `socket_type`
/// (`tcp`, the default, `udp` or `unix`). Connecting and each write give up after
/// `write_timeout` (default 2 s); a write that fails reconnects once and tries again.
final class SocketAuditSink: AuditSink {
    private let address: String
    private let kind: String
    private let timeout: Int64
    private let descriptor = Mutex<Int32>(-1)

    init(options: [String: String]) throws(CoreError) {
        guard let address = options["address"], !address.isEmpty else { throw .badRequest("address is required") }
        self.address = address
        kind = (options["socket_type"] ?? "tcp").lowercased()
        guard ["tcp", "udp", "unix"].contains(kind) else {
            throw .badRequest("audit backend failed test message: unknown network \(kind)")
        }
        do { timeout = try BoundedDuration(parsing: options["write_timeout"] ?? "2s").seconds } catch {
            throw .badRequest("time: invalid duration \"\(options["write_timeout"] ?? "")\"")
        }
        if options["skip_test"].map({ ["1", "t", "true"].contains($0.lowercased()) }) != true {
            do { try reopen() } catch { throw .badRequest("audit backend failed test message: \(error.description)") }
        }
    }

    func write(_ line: [UInt8]) throws(AuditSinkError) {
        try descriptor.withLock { (fd: inout Int32) throws(AuditSinkError) in
            for attempt in 0..<2 {
                do throws(AuditSinkError) {
                    if fd < 0 { fd = try connect() }
                    try Self.send(line, on: fd)
                    return
                } catch {
                    if fd >= 0 { Glibc.close(fd) }
                    fd = -1
                    if attempt == 1 { throw error }
                }
            }
        }
    }

    func reopen() throws(AuditSinkError) {
        try descriptor.withLock { (fd: inout Int32) throws(AuditSinkError) in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
            fd = try connect()
        }
    }

    func close() {
        descriptor.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }

    /// A connected socket with send and receive deadlines of `timeout`.
    private func connect() throws(AuditSinkError) -> Int32 {
        let fd: Int32
        if kind == "unix" {
            fd = try SocketAddress.unix(address) { pointer, length throws(AuditSinkError) in
                try Self.open(family: AF_UNIX, type: Int32(SOCK_STREAM.rawValue), address: pointer, length: length, timeout: timeout)
            }
        } else {
            fd = try SocketAddress.resolve(address, udp: kind == "udp") { family, type, pointer, length throws(AuditSinkError) in
                try Self.open(family: family, type: type, address: pointer, length: length, timeout: timeout)
            }
        }
        return fd
    }

    private static func open(
        family: Int32, type: Int32, address: UnsafePointer<sockaddr>, length: socklen_t, timeout: Int64
    ) throws(AuditSinkError) -> Int32 {
        let fd = socket(family, type | Int32(SOCK_CLOEXEC.rawValue), 0)
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

    static func send(_ line: [UInt8], on fd: Int32) throws(AuditSinkError) {
        var offset = 0
        while offset < line.count {
            let sent = line.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, line.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw AuditSinkError.system("write")
            }
            offset += sent
        }
    }
}

extension AuditSinkError {
    /// The failure of a system call, with the system's message.
    static func system(_ what: String) -> AuditSinkError {
        AuditSinkError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
