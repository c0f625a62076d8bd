import CofferCore
import Dispatch
import VaporCSQLite

/// One open connection to the database file, with the statements it has prepared.
///
/// SQLite calls block (a read may wait for the disk, a commit waits for fsync), so every call runs
/// on the handle's own serial queue, never on the server's event loops; one call at a time is what
/// a connection allows, so no lock is needed. Statements are prepared once per SQL text and reused,
/// so a query costs its bindings and steps, not a parse. Errors carry SQLite's own message, which
/// names tables and columns but never a bound value.
final class SQLiteHandle: @unchecked Sendable {
    /// Statements kept prepared; the SQL texts the storage uses are few and fixed.
    private static let maximumStatements = 64

    private let queue: DispatchQueue
    /// The `sqlite3*`; touched only on `queue`, nil once closed.
    private var database: OpaquePointer?
    /// Prepared statements by SQL text; touched only on `queue`.
    private var statements: [String: OpaquePointer] = [:]

    private init(database: OpaquePointer, label: String) {
        self.database = database
        queue = DispatchQueue(label: "coffer.sqlite.\(label)")
    }

    /// Opens (creating if missing) the database at `path`; `label` names the connection's queue.
    static func open(path: String, label: String) async throws(StorageError) -> SQLiteHandle {
        let opened: Result<OpaquePointer, StorageError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var database: OpaquePointer?
                let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
                let code = sqlite_nio_sqlite3_open_v2(path, &database, flags, nil)
                guard code == SQLITE_OK, let database else {
                    let reason = database.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
                    sqlite_nio_sqlite3_close(database)
                    return continuation.resume(
                        returning: .failure(StorageError(.unavailable, "sqlite cannot open \(path): \(reason)")))
                }
                continuation.resume(returning: .success(database))
            }
        }
        return SQLiteHandle(database: try opened.get(), label: label)
    }

    /// Runs `body` on the connection's queue and returns what it returns.
    func perform<Value: Sendable>(
        _ body: @escaping @Sendable (SQLiteHandle) throws(StorageError) -> Value
    ) async throws(StorageError) -> Value {
        let result: Result<Value, StorageError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(StorageError) { continuation.resume(returning: .success(try body(self))) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Finalizes every statement and closes the connection; later calls fail `.unavailable`.
    func close() async -> StorageError? {
        await withCheckedContinuation { continuation in
            queue.async {
                for statement in self.statements.values { sqlite_nio_sqlite3_finalize(statement) }
                self.statements = [:]
                let code = self.database.map { sqlite_nio_sqlite3_close($0) } ?? SQLITE_OK
                let failure = code == SQLITE_OK ? nil : self.failure("close", code)
                self.database = nil
                continuation.resume(returning: failure)
            }
        }
    }

    // MARK: - On the queue

    /// Runs `sql` (one or more statements, no bindings, no rows wanted). Only inside `perform`.
    func execute(_ action: String, _ sql: String) throws(StorageError) {
        let database = try open()
        let code = sqlite_nio_sqlite3_exec(database, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw failure(action, code) }
    }

    /// Runs the prepared statement for `sql` with `binds`, handing each row to `row`, at most
    /// `limit` rows; only inside `perform`. The limit is applied here rather than bound to a
    /// `LIMIT ?`: SQLite prepares a statement again whenever its bound limit changes.
    func query(
        _ action: String, _ sql: String, _ binds: [SQLiteValue], limit: Int = .max,
        row: (SQLiteRowView) throws(StorageError) -> Void = { _ in }
    ) throws(StorageError) {
        let statement = try prepared(action, sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (index, value) in binds.enumerated() {
            let code = value.bind(to: statement, at: Int32(index + 1))
            guard code == SQLITE_OK else { throw failure(action, code) }
        }
        var rows = 0
        while rows < limit {
            let code = sqlite_nio_sqlite3_step(statement)
            switch code {
            case SQLITE_ROW:
                rows += 1
                try row(SQLiteRowView(statement: statement))
            case SQLITE_DONE: return
            default: throw failure(action, code)
            }
        }
    }

    private func open() throws(StorageError) -> OpaquePointer {
        guard let database else { throw StorageError(.unavailable, "sqlite storage is closed") }
        return database
    }

    private func prepared(_ action: String, _ sql: String) throws(StorageError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        let database = try open()
        var statement: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(
            database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(action, code) }
        if statements.count >= Self.maximumStatements {
            for old in statements.values { sqlite_nio_sqlite3_finalize(old) }
            statements = [:]
        }
        statements[sql] = statement
        return statement
    }

    private func failure(_ action: String, _ code: Int32) -> StorageError {
        let reason = database.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) }
            ?? String(cString: sqlite_nio_sqlite3_errstr(code))
        return StorageError(.unavailable, "sqlite \(action) failed: \(reason) (code \(code))")
    }
}

/// A value bound to a statement's parameter.
enum SQLiteValue: Sendable {
    case text(String)
    case blob([UInt8])

    /// SQLite copies what it is given before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    fileprivate func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .text(let text):
            return sqlite_nio_sqlite3_bind_text64(
                statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
        case .blob(let bytes):
            guard !bytes.isEmpty else { return sqlite_nio_sqlite3_bind_zeroblob(statement, index, 0) }
            return bytes.withUnsafeBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient)
            }
        }
    }
}

/// The current row of a statement being stepped; valid only inside the `row` closure.
struct SQLiteRowView {
    fileprivate let statement: OpaquePointer

    /// Column `index` as text, or nil when it is not text.
    func text(_ index: Int32) -> String? {
        guard sqlite_nio_sqlite3_column_type(statement, index) == SQLITE_TEXT,
            let pointer = sqlite_nio_sqlite3_column_text(statement, index)
        else { return nil }
        let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes, or nil when it is not a blob.
    func blob(_ index: Int32) -> [UInt8]? {
        guard sqlite_nio_sqlite3_column_type(statement, index) == SQLITE_BLOB else { return nil }
        let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
        guard count > 0, let pointer = sqlite_nio_sqlite3_column_blob(statement, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
