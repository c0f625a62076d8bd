import CofferCore
import SQLiteNIO

/// Group commit: writers that arrive while a commit is in flight share the next one.
///
/// The first writer to find no commit in flight leads: it takes every writer queued so far and
/// applies all their operations, in arrival order, in one `BEGIN IMMEDIATE … COMMIT`, so they
/// share one fsync. Writers arriving meanwhile queue up. When the commit ends, the leader answers
/// its followers and hands the lead to the oldest writer still queued, so a leader returns after
/// one commit however busy the store is.
/// If a shared commit fails it is rolled back and each of its writers is retried in a commit of
/// its own, so every writer gets the outcome of its own operations and none is silently dropped.
extension SQLiteStorage {
    /// A writer waiting for its operations to be committed.
    struct QueuedWrite {
        let operations: [StorageOperation]
        let continuation: CheckedContinuation<Turn, Never>
    }

    /// What a queued writer is woken up with.
    enum Turn: Sendable {
        /// Its operations were committed by another writer's commit, or failed.
        case finished(Result<Void, StorageError>)
        /// It now leads the next commit.
        case lead
    }

    /// Commits `operations` atomically, sharing the commit with concurrent writers.
    func write(_ operations: [StorageOperation]) async throws(StorageError) {
        let turn: Turn
        if isCommitting {
            turn = await withCheckedContinuation { continuation in
                queued.append(QueuedWrite(operations: operations, continuation: continuation))
            }
        } else {
            isCommitting = true
            turn = .lead
        }
        switch turn {
        case .finished(let result):
            try result.get()
        case .lead:
            try await lead(operations)
        }
    }

    private func lead(_ operations: [StorageOperation]) async throws(StorageError) {
        let followers = queued
        queued = []
        let results = await commitGroup([operations] + followers.map(\.operations))
        for (follower, result) in zip(followers, results.dropFirst()) {
            follower.continuation.resume(returning: .finished(result))
        }
        if queued.isEmpty {
            isCommitting = false
        } else {
            queued.removeFirst().continuation.resume(returning: .lead)
        }
        try results[0].get()
    }

    /// Commits every writer's operations together; on failure, each writer alone.
    private func commitGroup(_ writes: [[StorageOperation]]) async -> [Result<Void, StorageError>] {
        do throws(StorageError) {
            try await commit(writes.flatMap { $0 })
            logger.trace("sqlite group commit", metadata: ["writers": "\(writes.count)"])
            return Array(repeating: .success(()), count: writes.count)
        } catch {
            guard writes.count > 1 else { return [.failure(error)] }
            logger.warning(
                "sqlite group commit failed; retrying each writer alone",
                metadata: ["writers": "\(writes.count)", "error": "\(error.message)"])
            var results: [Result<Void, StorageError>] = []
            for operations in writes {
                do throws(StorageError) {
                    try await commit(operations)
                    results.append(.success(()))
                } catch {
                    results.append(.failure(error))
                }
            }
            return results
        }
    }

    /// Applies `operations` in one durable transaction, or rolls it back.
    private func commit(_ operations: [StorageOperation]) async throws(StorageError) {
        _ = try await Self.run(writer, "begin", "BEGIN IMMEDIATE", logger: logger)
        do throws(StorageError) {
            for statement in WriteStatement.plan(operations) {
                _ = try await Self.run(writer, "write", statement.sql, statement.binds, logger: logger)
            }
            _ = try await Self.run(writer, "commit", "COMMIT", logger: logger)
        } catch {
            cache.clear()
            do {
                _ = try await writer.query("ROLLBACK")
            } catch {
                logger.debug("sqlite rollback found no open transaction", metadata: ["error": "\(error)"])
            }
            throw error
        }
        commitCount += 1
        cache.apply(operations)
    }
}

/// One SQL statement of a write transaction with its bound parameters.
struct WriteStatement {
    /// Rows per `INSERT` or keys per `DELETE`, well below SQLite's bound-parameter limit.
    static let maximumRows = 500

    let sql: String
    let binds: [SQLiteData]

    /// Statements applying `operations` in order: each run of puts becomes multi-row upserts,
    /// each run of deletes becomes `DELETE … IN (…)`. Within one upsert a later row for the same
    /// key overwrites an earlier one, so order is kept.
    static func plan(_ operations: [StorageOperation]) -> [WriteStatement] {
        var statements: [WriteStatement] = []
        var puts: [SQLiteData] = []
        var deletes: [SQLiteData] = []
        for operation in operations {
            switch operation {
            case .put(let key, let value):
                if !deletes.isEmpty { statements.append(delete(&deletes)) }
                puts.append(.text(key))
                puts.append(.blob(ByteBuffer(bytes: value)))
                if puts.count == 2 * maximumRows { statements.append(upsert(&puts)) }
            case .delete(let key):
                if !puts.isEmpty { statements.append(upsert(&puts)) }
                deletes.append(.text(key))
                if deletes.count == maximumRows { statements.append(delete(&deletes)) }
            }
        }
        if !puts.isEmpty { statements.append(upsert(&puts)) }
        if !deletes.isEmpty { statements.append(delete(&deletes)) }
        return statements
    }

    private static func upsert(_ binds: inout [SQLiteData]) -> WriteStatement {
        let rows = Array(repeating: "(?, ?)", count: binds.count / 2).joined(separator: ", ")
        let sql =
            "INSERT INTO entries (key, value) VALUES \(rows) "
            + "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        defer { binds = [] }
        return WriteStatement(sql: sql, binds: binds)
    }

    private static func delete(_ binds: inout [SQLiteData]) -> WriteStatement {
        let keys = Array(repeating: "?", count: binds.count).joined(separator: ", ")
        defer { binds = [] }
        return WriteStatement(sql: "DELETE FROM entries WHERE key IN (\(keys))", binds: binds)
    }
}
