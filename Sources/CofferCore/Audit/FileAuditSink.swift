#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Synchronization

/// The `file` device: lines appended to `file_path` (created with `mode`, default 0600, parent
/// folders too), or to standard output (`stdout`), or nowhere (`discard`). A line that fails
/// half-way is cut off again, so the file never holds a partial line; the file is reopened on the
/// next write after a failure.
final class FileAuditSink: AuditSink {
    enum Target: Sendable, Equatable {
        case file(path: String, mode: mode_t?)
        case standardOutput
        case discard
    }

    let target: Target
    /// The open descriptor, -1 when closed.
    private let descriptor = Mutex<Int32>(-1)

    /// Reads `file_path` (or its alias `path`) and `mode` (octal) and opens the file once, so an
    /// unwritable path is refused when the device is enabled.
    init(options: [String: String]) throws(CoreError) {
        guard let path = options["file_path"] ?? options["path"], !path.isEmpty else {
            throw .badRequest("file_path is required")
        }
        switch path.lowercased() {
        case "stdout": target = .standardOutput
        case "discard": target = .discard
        default:
            var mode: mode_t?
            if let text = options["mode"] {
                guard let parsed = UInt32(text, radix: 8) else {
                    throw .badRequest("strconv.ParseUint: parsing \"\(text)\": invalid syntax")
                }
                mode = parsed == 0 ? nil : mode_t(parsed & 0o666)
            }
            target = .file(path: path, mode: mode ?? 0o600)
        }
        do { try reopen() } catch {
            throw .badRequest("sanity check failed; unable to open \"\(path)\" for writing: \(error.description)")
        }
    }

    func write(_ line: [UInt8]) throws(AuditSinkError) {
        switch target {
        case .discard: return
        case .standardOutput:
            var written = 0
            try Self.writeAll(line, to: STDOUT_FILENO, written: &written)
        case .file:
            try descriptor.withLock { (fd: inout Int32) throws(AuditSinkError) in
                if fd < 0 { fd = try open() }
                var written = 0
                do throws(AuditSinkError) { try Self.writeAll(line, to: fd, written: &written) } catch {
                    // Appends go to the end, and only this device writes the file: the line began
                    // `written` bytes before where the file ends now.
                    let end = lseek(fd, 0, SEEK_END)
                    if end >= written { _ = ftruncate(fd, end - off_t(written)) }
                    Glibc.close(fd)
                    fd = -1
                    throw error
                }
            }
        }
    }

    func reopen() throws(AuditSinkError) {
        guard case .file = target else { return }
        try descriptor.withLock { (fd: inout Int32) throws(AuditSinkError) in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
            fd = try open()
        }
    }

    func close() {
        descriptor.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }

    private func open() throws(AuditSinkError) -> Int32 {
        guard case .file(let path, let mode) = target else { return -1 }
        let permissions = mode ?? 0o600
        try Self.makeParents(of: path)
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw Self.failure("open \(path)") }
        if fchmod(fd, permissions) != 0 {
            let error = Self.failure("chmod \(path)")
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// Creates the folders leading to `path`, as the reference does, readable by the owner only.
    private static func makeParents(of path: String) throws(AuditSinkError) {
        var folder = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/").dropLast() {
            folder += "/" + part
            if mkdir(folder, 0o700) != 0 && errno != EEXIST { throw failure("mkdir \(folder)") }
        }
    }

    /// Writes all of `line`, counting in `written` what reached the file, also when it fails.
    private static func writeAll(_ line: [UInt8], to fd: Int32, written: inout Int) throws(AuditSinkError) {
        while written < line.count {
            let count = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, line.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("write")
            }
            written += count
        }
    }

    private static func failure(_ what: String) -> AuditSinkError {
        AuditSinkError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
