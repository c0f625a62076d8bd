#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Socket addresses for the audit devices that write to sockets: a `host:port` resolved by the
/// system, or a Unix socket path.
enum SocketAddress {
    /// Calls `body` with the first address `text` (`host:port`) resolves to, until one succeeds.
    static func resolve<Result>(
        _ text: String, udp: Bool,
        _ body: (Int32, Int32, UnsafePointer<sockaddr>, socklen_t) throws(AuditSinkError) -> Result
    ) throws(AuditSinkError) -> Result {
        guard let colon = text.lastIndex(of: ":") else {
            throw AuditSinkError(description: "address \(text): missing port in address")
        }
        var host = String(text[..<colon])
        if host.hasBytePrefix("["), host.hasByteSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = String(text[text.index(after: colon)...])
        var hints = addrinfo()
        hints.ai_socktype = Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host.isEmpty ? nil : host, port, &hints, &list)
        guard status == 0, let first = list else {
            throw AuditSinkError(description: "lookup \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = AuditSinkError(description: "dial \(text): no address")
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let info = current {
            do throws(AuditSinkError) {
                return try body(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_addr, info.pointee.ai_addrlen)
            } catch {
                lastError = error
            }
            current = info.pointee.ai_next
        }
        throw lastError
    }

    /// Calls `body` with the `sockaddr_un` of `path`.
    static func unix<Result>(
        _ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws(AuditSinkError) -> Result
    ) throws(AuditSinkError) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { throw AuditSinkError(description: "unix socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        return try withUnsafePointer(to: &address) { pointer throws(AuditSinkError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (raw) throws(AuditSinkError) in
                try body(raw, length)
            }
        }
    }
}
