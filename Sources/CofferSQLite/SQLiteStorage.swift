import CofferCore
import Logging

/// A durable `Storage` in one SQLite file: every acknowledged write survives kill -9 and power loss.
///
/// The file holds one table, `entries(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID`,
/// in WAL mode with `synchronous=FULL`. Writes go through one connection and are group-committed
/// (see `SQLiteStorage+GroupCommit.swift`); reads use a second, read-only connection, which sees
/// every write that has been acknowledged. Each connection is a `SQLiteHandle`. A bounded `ReadCache` of recent entries answers repeated
/// reads without the database. Keys must be non-empty and free of NUL; they are ordered
/// by their UTF-8 bytes. Logs name keys and paths, never values.
public actor SQLiteStorage: Storage {
    /// How many keys a listing reads per query.
    static let listPageSize = 1000

    let writer: SQLiteHandle
    let reader: SQLiteHandle
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

    private init(writer: SQLiteHandle, reader: SQLiteHandle, logger: Logger) {
        self.writer = writer
        self.reader = reader
        self.logger = logger
    }

    /// Opens the database at `path`, creating it (mode 0600) and its parent directories if missing.
    public static func open(path: String, logger: Logger) async throws(StorageError) -> SQLiteStorage {
        try DatabaseFile.create(at: path)
        let writer = try await SQLiteHandle.open(path: path, label: "writer")
        let reader: SQLiteHandle
        do throws(StorageError) {
            try await writer.perform { connection throws(StorageError) in
                var mode: String?
                try connection.query("open", "PRAGMA journal_mode = WAL", []) { row in mode = row.text(0) }
                guard mode == "wal" else {
                    throw StorageError(.unavailable, "sqlite could not enable the WAL journal at \(path)")
                }
                try connection.execute("open", "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000")
                try connection.execute(
                    "open", "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID")
            }
            reader = try await SQLiteHandle.open(path: path, label: "reader")
            do throws(StorageError) {
                try await reader.perform { connection throws(StorageError) in
                    try connection.execute("open", "PRAGMA busy_timeout = 5000; PRAGMA query_only = ON")
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
        let value = try await run(reader) { connection throws(StorageError) -> [UInt8]? in
            var value: [UInt8]?
            try connection.query("get", "SELECT value FROM entries WHERE key = ?", [.text(key)]) {
                row throws(StorageError) in value = try Self.value(row, 0)
            }
            return value
        }
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
            guard last.utf8.lexicographicallyPrecedes(lower.utf8) else {
                throw StorageError(.corrupt, "a listing of \(prefix) would read the same page again")
            }
        }
    }

    /// Entries with `start <= key < end` in key order, at most `limit`; a negative limit is invalid.
    public func scan(from start: String, to end: String, limit: Int) async throws(StorageError) -> [StorageEntry] {
        guard limit >= 0 else { throw StorageError(.invalidArgument, "scan limit must not be negative") }
        try beginCall()
        defer { endCall() }
        return try await run(reader) { connection throws(StorageError) -> [StorageEntry] in
            var entries: [StorageEntry] = []
            try connection.query(
                "scan", "SELECT key, value FROM entries WHERE key >= ? AND key < ? ORDER BY key",
                [.text(start), .text(end)], limit: limit
            ) { row throws(StorageError) in
                entries.append(StorageEntry(key: try Self.key(row), value: try Self.value(row, 1)))
            }
            return entries
        }
    }

    /// Whether each prefix has a key below it, all probed in one call on the reader.
    public func hasKeys(under prefixes: [String]) async throws(StorageError) -> [Bool] {
        try beginCall()
        defer { endCall() }
        return try await run(reader) { connection throws(StorageError) -> [Bool] in
            var found: [Bool] = []
            for prefix in prefixes {
                var any = false
                let mark = { (_: SQLiteRowView) throws(StorageError) in any = true }
                if let upper = SQLiteKey.upperBound(ofPrefix: prefix) {
                    try connection.query(
                        "probe", "SELECT key FROM entries WHERE key > ? AND key < ? ORDER BY key",
                        [.text(prefix), .text(upper)], limit: 1, row: mark)
                } else {
                    try connection.query(
                        "probe", "SELECT key FROM entries WHERE key > ? ORDER BY key", [.text(prefix)], limit: 1,
                        row: mark)
                }
                found.append(any)
            }
            return found
        }
    }

    /// Up to `limit` keys with `lower <= key < upper` (no upper bound when nil), in key order.
    private func keys(from lower: String, below upper: String?, limit: Int) async throws(StorageError) -> [String] {
        try await run(reader) { connection throws(StorageError) -> [String] in
            var keys: [String] = []
            let collect = { (row: SQLiteRowView) throws(StorageError) in keys.append(try Self.key(row)) }
            if let upper {
                try connection.query(
                    "list", "SELECT key FROM entries WHERE key >= ? AND key < ? ORDER BY key",
                    [.text(lower), .text(upper)], limit: limit, row: collect)
            } else {
                try connection.query(
                    "list", "SELECT key FROM entries WHERE key >= ? ORDER BY key",
                    [.text(lower)], limit: limit, row: collect)
            }
            return keys
        }
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

    private static func key(_ row: SQLiteRowView) throws(StorageError) -> String {
        guard let key = row.text(0) else { throw StorageError(.corrupt, "sqlite returned a row without a key") }
        return key
    }

    private static func value(_ row: SQLiteRowView, _ column: Int32) throws(StorageError) -> [UInt8] {
        guard let value = row.blob(column) else {
            throw StorageError(.corrupt, "sqlite returned a value that is not a blob")
        }
        return value
    }
}
