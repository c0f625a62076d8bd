#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Synchronization

/// One kept connection of a socket audit device: connected on first use, and on a failed send
/// closed, connected again and tried once more.
final class ReconnectingSocket: Sendable {
    typealias Connect = @Sendable () throws(AuditSinkError) -> Int32

    private let connect: Connect
    private let descriptor = Mutex<Int32>(-1)

    init(connect: @escaping Connect) {
        self.connect = connect
    }

    func send(_ bytes: [UInt8]) throws(AuditSinkError) {
        try descriptor.withLock { (fd: inout Int32) throws(AuditSinkError) in
            for attempt in 0..<2 {
                do throws(AuditSinkError) {
                    if fd < 0 { fd = try connect() }
                    try Self.sendAll(bytes, on: fd)
                    return
                } catch {
                    if fd >= 0 { Glibc.close(fd) }
                    fd = -1
                    if attempt == 1 { throw error }
                }
            }
        }
    }

    /// Closes the connection and connects again now.
    func reconnect() throws(AuditSinkError) {
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

    private static func sendAll(_ bytes: [UInt8], on fd: Int32) throws(AuditSinkError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw AuditSinkError.system("write")
            }
            offset += sent
        }
    }
}
