import CofferCore
import Logging
import SQLiteNIO

extension SQLiteStorage {
    /// Runs one statement; any driver failure becomes `.unavailable` with SQLite's own message,
    /// which names tables and columns but never a bound value.
    static func run(
        _ connection: SQLiteConnection,
        _ action: String,
        _ sql: String,
        _ binds: [SQLiteData] = [],
        logger: Logger
    ) async throws(StorageError) -> [SQLiteRow] {
        do {
            return try await connection.query(sql, binds)
        } catch {
            let failure = StorageError(.unavailable, "sqlite \(action) failed: \(error)")
            logger.error("sqlite statement failed", metadata: ["action": "\(action)", "error": "\(failure.message)"])
            throw failure
        }
    }

    /// Opens one connection to the file at `path`.
    static func connect(_ path: String, _ logger: Logger) async throws(StorageError) -> SQLiteConnection {
        do {
            return try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw StorageError(.unavailable, "sqlite cannot open \(path): \(error)")
        }
    }

    /// Closes `connection`, logging rather than throwing a failure.
    static func disconnect(_ connection: SQLiteConnection, _ logger: Logger) async {
        do {
            try await connection.close()
        } catch {
            logger.error("sqlite close failed", metadata: ["error": "\(error)"])
        }
    }
}
