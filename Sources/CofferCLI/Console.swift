#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#else
    import Darwin
#endif

/// The process's terminal and files: unbuffered writes, whole-file reads, hidden input.
enum Console {
    /// Writes `text` to standard output.
    static func out(_ text: String) { emit(text, to: STDOUT_FILENO) }

    /// Writes `text` to standard error.
    static func err(_ text: String) { emit(text, to: STDERR_FILENO) }

    /// Whether standard output is a terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Reads all of standard input.
    static func readStandardInput() throws(CommandFailure) -> [UInt8] {
        try readAll(STDIN_FILENO, name: "stdin")
    }

    /// Reads the whole file at `path`.
    static func readFile(_ path: String) throws(CommandFailure) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .local("open \(path): \(errorText())") }
        defer { close(fd) }
        return try readAll(fd, name: path)
    }

    /// Whether standard input is a terminal.
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Replaces the file at `path` with `bytes`, readable and writable by the owner only.
    static func writePrivateFile(_ path: String, _ bytes: [UInt8]) throws(CommandFailure) {
        try writeFile(path, bytes, privately: true)
    }

    /// Replaces the contents of the file at `path` (created readable by all if missing) with `bytes`.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(CommandFailure) {
        try writeFile(path, bytes, privately: false)
    }

    private static func writeFile(_ path: String, _ bytes: [UInt8], privately: Bool) throws(CommandFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, privately ? 0o600 : 0o644)
        guard fd >= 0 else { throw .local("open \(path): \(errorText())") }
        defer { close(fd) }
        if privately, fchmod(fd, 0o600) != 0 { throw .local("chmod \(path): \(errorText())") }
        var rest = bytes[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .local("write \(path): \(errorText())") }
            rest = rest.dropFirst(written)
        }
    }

    /// Asks `prompt` on standard error and reads one line with echo off when standard input is a terminal.
    static func readHidden(prompt: String) throws(CommandFailure) -> String {
        let terminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if terminal {
            err(prompt)
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if terminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                err("\n")
            }
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(STDIN_FILENO, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }

    private static func readAll(_ fd: Int32, name: String) throws(CommandFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw .local("read \(name): \(errorText())")
            }
            bytes += chunk[0..<count]
        }
    }

    private static func emit(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
