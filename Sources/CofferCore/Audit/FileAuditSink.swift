#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Synchronization

/// The `file` device: lines appended to `file_path` (created with `mode`, default 0600, parent
/// folders too), or to standard output (`stdout`), or nowhere (`discard`). A line that fails
/// half-way is cut off again, so the file never holds a partial line; after a failure the file is
/// reopened and the line tried once more. Lines are written under one lock, so they never
/// interleave; `write(lines:)` appends several with one system call.
final class FileAuditSink: AuditSink {
    enum Target: Sendable, Equatable {
        case file(path: String, mode: mode_t)
        case standardOutput
        case discard
    }

    /// What became of one line.
    enum LineOutcome: Sendable {
        case written
        case failed(AuditSinkError)
        /// Not written: the file open is not a regular file, and the caller may not wait on it.
        case mustWait
    }

    /// The open descriptor (-1 when closed) and whether it is a regular file, whose writes never
    /// wait on anyone.
    private struct Opened {
        var fd: Int32 = -1
        var regular = true
        /// Set by `close`: a write still in flight when the device is disabled must not open the
        /// file again, which nothing would close.
        var closedForGood = false
    }

    let target: Target
    /// The open file; its lock also keeps standard output's lines whole.
    private let descriptor = Mutex(Opened())
    /// Whether the path opened last is not a regular file (a pipe, a device), whose writes can wait.
    private let opensSomethingElse = Atomic<Bool>(false)

    /// Reads `file_path` (or its alias `path`) and `mode` (octal; `0000` keeps an existing
    /// file's mode) and opens the file once, so an unwritable path is refused when the device is
    /// enabled.
    init(options: [String: String]) throws(CoreError) {
        guard let path = options["file_path"] ?? options["path"], !path.isEmpty else {
            throw .badRequest("file_path is required")
        }
        switch path.lowercased() {
        case "stdout": target = .standardOutput
        case "discard": target = .discard
        default: target = .file(path: path, mode: try Self.mode(options["mode"], of: path))
        }
        do { try reopen() } catch {
            throw .badRequest("sanity check failed; unable to open \"\(path)\" for writing: \(error.description)")
        }
    }

    var mayBlock: Bool {
        switch target {
        case .discard: false
        case .standardOutput: true
        case .file: opensSomethingElse.load(ordering: .relaxed)
        }
    }

    func write(_ line: [UInt8]) throws(AuditSinkError) {
        switch target {
        case .discard: return
        case .standardOutput:
            try descriptor.withLock { (_: inout Opened) throws(AuditSinkError) in
                var written = 0
                try Self.writeAll(line, to: STDOUT_FILENO, written: &written)
            }
        case .file:
            if case .failed(let error) = descriptor.withLock({ appendOne(line, to: &$0, mayWait: true) }) {
                throw error
            }
        }
    }

    /// Appends `line`; as the reference does, a failed write reopens the file and tries once more.
    /// A caller that may not wait gets `mustWait` for a file that is not a regular one.
    private func appendOne(_ line: [UInt8], to opened: inout Opened, mayWait: Bool) -> LineOutcome {
        var triedAgain = false
        while true {
            do throws(AuditSinkError) {
                if opened.closedForGood { return .failed(AuditSinkError(description: "the device is disabled")) }
                if opened.fd < 0 { opened = try open() }
                guard opened.regular || mayWait else { return .mustWait }
                try Self.append(line, to: opened.fd)
                return .written
            } catch {
                if opened.fd >= 0 { Glibc.close(opened.fd) }
                opened.fd = -1
                if triedAgain { return .failed(error) }
                triedAgain = true
            }
        }
    }

    /// Appends `lines` in order, with one system call while all goes well, waiting as long as the
    /// file makes it: for a caller off the event loops. The result for each is nil when it was
    /// written whole.
    func write(lines: [[UInt8]]) -> [AuditSinkError?] {
        guard case .file = target else {
            return lines.map { line in
                do throws(AuditSinkError) { try write(line) } catch { return error }
                return nil
            }
        }
        return descriptor.withLock { append(lines, to: &$0, mayWait: true) }.map { outcome in
            if case .failed(let error) = outcome { return error }
            return nil
        }
    }

    /// `write(lines:)` for a caller on an event loop, which must not wait: nil, with nothing
    /// written, while another write holds the file (it may be waiting on a pipe); `mustWait` for
    /// the lines a file that is not a regular one would make it wait for.
    func writeWithoutWaiting(lines: [[UInt8]]) -> [LineOutcome]? {
        descriptor.withLockIfAvailable { append(lines, to: &$0, mayWait: false) }
    }

    /// When the grouped write stops short, the lines it wrote whole are kept, the one it cut is
    /// cut off again, and the rest are written one by one, each with a reopen and a second try.
    private func append(_ lines: [[UInt8]], to opened: inout Opened, mayWait: Bool) -> [LineOutcome] {
        var whole = 0
        if lines.count > 1, opened.fd >= 0, opened.regular || mayWait {
            whole = Self.appendGrouped(lines, to: opened.fd)
        }
        return lines.indices.map { index in
            index < whole ? .written : appendOne(lines[index], to: &opened, mayWait: mayWait)
        }
    }

    /// How many of `lines`, from the first, one `write` of them all appended whole; a line it wrote
    /// in part is cut off the file again.
    private static func appendGrouped(_ lines: [[UInt8]], to fd: Int32) -> Int {
        var joined = [UInt8]()
        joined.reserveCapacity(lines.reduce(0) { $0 + $1.count })
        for line in lines { joined.append(contentsOf: line) }
        var written = 0
        repeat {
            written = joined.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        } while written < 0 && errno == EINTR
        guard written > 0 else { return 0 }
        var whole = 0
        var remaining = written
        for line in lines {
            guard remaining >= line.count else { break }
            remaining -= line.count
            whole += 1
        }
        if remaining > 0 {
            let end = lseek(fd, 0, SEEK_END)
            if end >= remaining { _ = ftruncate(fd, end - off_t(remaining)) }
        }
        return whole
    }

    /// Appends all of `line`, or cuts off what of it was written and throws: appends go to the
    /// end, and only this device writes the file, so the line began `written` bytes before where
    /// the file ends when the write fails.
    private static func append(_ line: [UInt8], to fd: Int32) throws(AuditSinkError) {
        var written = 0
        do throws(AuditSinkError) { try writeAll(line, to: fd, written: &written) } catch {
            let end = lseek(fd, 0, SEEK_END)
            if end >= written { _ = ftruncate(fd, end - off_t(written)) }
            throw error
        }
    }

    /// The device and inode of the regular file open now; nil for anything else.
    var openFile: FileIdentity? {
        descriptor.withLock { opened in
            var status = stat()
            guard opened.fd >= 0, opened.regular, fstat(opened.fd, &status) == 0 else { return nil }
            return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        }
    }

    /// Which file a descriptor writes, whatever path led to it.
    struct FileIdentity: Sendable, Equatable {
        let device: UInt64
        let inode: UInt64
    }

    func reopen() throws(AuditSinkError) {
        guard case .file = target else { return }
        try descriptor.withLock { (opened: inout Opened) throws(AuditSinkError) in
            guard !opened.closedForGood else { return }
            if opened.fd >= 0 { Glibc.close(opened.fd) }
            opened.fd = -1
            opened = try open()
        }
    }

    func close() {
        descriptor.withLock { opened in
            if opened.fd >= 0 { Glibc.close(opened.fd) }
            opened.fd = -1
            opened.closedForGood = true
        }
    }

    /// Opens without waiting: a pipe nobody reads is refused (`ENXIO`) instead of holding up the
    /// server. A regular file gets the device's mode; anything else (a pipe, `/dev/null`) keeps
    /// its own, and is written in blocking mode off the event loops.
    private func open() throws(AuditSinkError) -> Opened {
        guard case .file(let path, let mode) = target else { return Opened() }
        try Self.makeParents(of: path)
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, mode)
        guard fd >= 0 else { throw Self.failure("open \(path)") }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let error = Self.failure("stat \(path)")
            Glibc.close(fd)
            throw error
        }
        let isRegular = status.st_mode & S_IFMT == S_IFREG
        opensSomethingElse.store(!isRegular, ordering: .relaxed)
        let changed = isRegular ? fchmod(fd, mode) : fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        if changed != 0 {
            let error = Self.failure(isRegular ? "chmod \(path)" : "fcntl \(path)")
            Glibc.close(fd)
            throw error
        }
        return Opened(fd: fd, regular: isRegular)
    }

    /// The mode as the reference reads it: octal digits only, at most 32 bits, no file-type bits;
    /// executable bits dropped; `0000` the existing file's mode (which must exist).
    private static func mode(_ text: String?, of path: String) throws(CoreError) -> mode_t {
        guard let text else { return 0o600 }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }) else {
            throw .badRequest("strconv.ParseUint: parsing \"\(text)\": invalid syntax")
        }
        guard let value = UInt32(text, radix: 8) else {
            throw .badRequest("strconv.ParseUint: parsing \"\(text)\": value out of range")
        }
        if value == 0 {
            var status = stat()
            guard stat(path, &status) == 0 else { throw .badRequest(failure("stat \(path)").description) }
            return status.st_mode & 0o777
        }
        // Go's file-type bits (directory, symlink, device, pipe, socket, character device, irregular).
        let fileTypeBits: UInt32 = 1 << 31 | 1 << 27 | 1 << 26 | 1 << 25 | 1 << 24 | 1 << 21 | 1 << 19
        guard value & fileTypeBits == 0 else { throw .badRequest("file mode does not represent a regular file") }
        return mode_t(value & 0o666)
    }

    /// Creates the folders leading to `path`, as the reference does, readable by the owner only.
    private static func makeParents(of path: String) throws(AuditSinkError) {
        var folder = path.hasBytePrefix("/") ? "" : "."
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
