import CofferCore
import Foundation

/// Creates the database file before SQLite opens it, so it is never readable by others.
enum DatabaseFile {
    /// Creates `path`'s missing parent directories (mode 0700) and the file itself (mode 0600).
    ///
    /// An existing file is left as it is.
    static func create(at path: String) throws(StorageError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(
                atPath: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw StorageError(.unavailable, "cannot create directory \(directory): \(error.localizedDescription)")
        }
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StorageError(.unavailable, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }
}
