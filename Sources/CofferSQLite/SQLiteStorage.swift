import CofferCore
import Logging
import SQLiteNIO

/// A durable `Storage` in one SQLite file: every acknowledged write survives kill -9 and power loss.
///
/// The file holds one table, `entries(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID`,
/// in WAL mode with `synchronous=FULL`. Writes go through one connection and are group-committed
/// (see `SQLiteStorage+GroupCommit.swift`); reads use a second, read-only connection, which sees
/// every write that has been acknowledged. A bounded `ReadCache` of recent entries answers repeated
/// reads without the database. Keys must be non-empty and free of NUL; they are ordered
/// by their UTF-8 bytes. Logs name keys and paths, never values.
public actor SQLiteStorage: Storage {
    /// How many keys a listing reads per query.
    static let listPageSize = 256

    let writer: SQLiteConnection
    let reader: SQLiteConnection
    let logger: Logger

    /// Writers queued behind the commit in flight, in arrival order.
    var queued: [QueuedWrite] = []
    /// Whether a writer is leading a commit (or has just been handed the lead).
    var isCommitting = false
    /// How many transactions have been committed since `open`; concurrent writers share one.
    public internal(set) var commitCount = 0
    /// Entries recently read or written; see `ReadCache`.
    var cache = ReadCache(capacity: SQLiteStorage.cacheCapacity)
    /// The bytes of keys and values the read cache may hold.
    static let cacheCapacity = 4 << 20

    private var activeCalls = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var closing: Task<Void, Never>?

    private init(writer: SQLiteConnection, reader: SQLiteConnection, logger: Logger) {
        self.writer = writer
        self.reader = reader
        self.logger = logger
    }

    /// Opens the database at `path`, creating it (mode 0600) and its parent directories if missing.
    public static func open(path: String, logger: Logger) async throws(StorageError) -> SQLiteStorage {
        try DatabaseFile.create(at: path)
        let writer = try await connect(path, logger)
        let reader: SQLiteConnection
        do throws(StorageError) {
            let mode = try await run(writer, "open", "PRAGMA journal_mode = WAL", logger: logger)
            guard mode.first?.column("journal_mode")?.string == "wal" else {
                throw StorageError(.unavailable, "sqlite could not enable the WAL journal at \(path)")
            }
            for pragma in ["PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000"] {
                _ = try await run(writer, "open", pragma, logger: logger)
            }
            let schema = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID"
            _ = try await run(writer, "open", schema, logger: logger)
            reader = try await connect(path, logger)
            do throws(StorageError) {
                for pragma in ["PRAGMA busy_timeout = 5000", "PRAGMA query_only = ON"] {
                    _ = try await run(reader, "open", pragma, logger: logger)
                }
            } catch {
                await disconnect(reader, logger)
                throw error
            }
        } catch {
            await disconnect(writer, logger)
            throw error
        }
        logger.info("opened sqlite storage", metadata: ["path": "\(path)"])
        return SQLiteStorage(writer: writer, reader: reader, logger: logger)
    }

    /// Waits for the calls in flight to finish, then closes the database; later calls fail `.unavailable`.
    public func close() async {
        if closing == nil {
            closing = Task {
                await self.waitUntilIdle()
                await Self.disconnect(self.reader, self.logger)
                await Self.disconnect(self.writer, self.logger)
                self.logger.info("closed sqlite storage")
            }
        }
        await closing?.value
    }

    /// The value at `key`, or nil when absent.
    public func get(_ key: String) async throws(StorageError) -> [UInt8]? {
        try SQLiteKey.validate(key)
        try beginCall()
        defer { endCall() }
        if let known = cache.lookup(key) { return known.value }
        let generation = cache.generation
        let rows = try await Self.run(
            reader, "get", "SELECT value FROM entries WHERE key = ?", [.text(key)], logger: logger)
        let value = try rows.first?.column("value").map { data throws(StorageError) in try Self.bytes(data) }
        cache.fill(key, value, readAt: generation)
        return value
    }

    /// Stores `value` at `key`; returns once the write is on disk.
    public func put(_ key: String, _ value: [UInt8]) async throws(StorageError) {
        try await transaction([.put(key, value)])
    }

    /// Removes `key`; returns once the removal is on disk. Removing an absent key succeeds.
    public func delete(_ key: String) async throws(StorageError) {
        try await transaction([.delete(key)])
    }

    /// Applies `operations` in order, all or none; returns once they are on disk.
    public func transaction(_ operations: [StorageOperation]) async throws(StorageError) {
        for operation in operations {
            try SQLiteKey.validate(operation.key)
        }
        guard !operations.isEmpty else { return }
        try beginCall()
        defer { endCall() }
        try await write(operations)
    }

    /// Immediate children of `prefix` in key order, read one page at a time and skipping folder contents.
    public func list(prefix: String) async throws(StorageError) -> [String] {
        try beginCall()
        defer { endCall() }
        let upper = SQLiteKey.upperBound(ofPrefix: prefix)
        var children: [String] = []
        var lower = prefix
        while true {
            let keys = try await keys(from: lower, below: upper, limit: Self.listPageSize)
            for key in keys {
                if let child = SQLiteKey.child(of: key, under: prefix), !SQLiteKey.same(child, children.last) {
                    children.append(child)
                }
            }
            guard keys.count == Self.listPageSize, let last = keys.last else { return children }
            lower = SQLiteKey.resumeListing(after: last, under: prefix)
        }
    }

    /// Entries with `start <= key < end` in key order, at most `limit`; a negative limit is invalid.
    public func scan(from start: String, to end: String, limit: Int) async throws(StorageError) -> [StorageEntry] {
        guard limit >= 0 else { throw StorageError(.invalidArgument, "scan limit must not be negative") }
        try beginCall()
        defer { endCall() }
        let rows = try await Self.run(
            reader, "scan", "SELECT key, value FROM entries WHERE key >= ? AND key < ? ORDER BY key LIMIT ?",
            [.text(start), .text(end), .integer(limit)], logger: logger)
        var entries: [StorageEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            guard let key = row.column("key")?.string, let value = row.column("value") else {
                throw StorageError(.corrupt, "sqlite returned an entry without key or value")
            }
            entries.append(StorageEntry(key: key, value: try Self.bytes(value)))
        }
        return entries
    }

    /// Up to `limit` keys with `lower <= key < upper` (no upper bound when nil), in key order.
    private func keys(from lower: String, below upper: String?, limit: Int) async throws(StorageError) -> [String] {
        let rows: [SQLiteRow]
        if let upper {
            rows = try await Self.run(
                reader, "list", "SELECT key FROM entries WHERE key >= ? AND key < ? ORDER BY key LIMIT ?",
                [.text(lower), .text(upper), .integer(limit)], logger: logger)
        } else {
            rows = try await Self.run(
                reader, "list", "SELECT key FROM entries WHERE key >= ? ORDER BY key LIMIT ?",
                [.text(lower), .integer(limit)], logger: logger)
        }
        var keys: [String] = []
        keys.reserveCapacity(rows.count)
        for row in rows {
            guard let key = row.column("key")?.string else {
                throw StorageError(.corrupt, "sqlite returned a row without a key")
            }
            keys.append(key)
        }
        return keys
    }

    private func beginCall() throws(StorageError) {
        guard closing == nil else { throw StorageError(.unavailable, "sqlite storage is closed") }
        activeCalls += 1
    }

    private func endCall() {
        activeCalls -= 1
        if activeCalls == 0 {
            for waiter in idleWaiters {
                waiter.resume()
            }
            idleWaiters = []
        }
    }

    private func waitUntilIdle() async {
        guard activeCalls > 0 else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private static func bytes(_ value: SQLiteData) throws(StorageError) -> [UInt8] {
        guard let buffer = value.blob else {
            throw StorageError(.corrupt, "sqlite returned a value that is not a blob")
        }
        return Array(buffer.readableBytesView)
    }
}
