import CofferCore

/// Group commit: writers that arrive while a commit is in flight share the next one.
///
/// The first writer to find no commit in flight leads: it takes every writer queued so far and
/// applies all their operations, in arrival order, in one `BEGIN IMMEDIATE … COMMIT` run in one
/// call on the writer's queue, so they share one fsync. Writers arriving meanwhile queue up. When the commit ends, the leader answers
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
        do {
            try await run(writer) { connection throws(StorageError) in try Self.apply(operations, on: connection) }
        } catch {
            cache.clear()
            throw error
        }
        commitCount += 1
        cache.apply(operations)
    }

    private static let upsert =
        "INSERT INTO entries (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    private static let delete = "DELETE FROM entries WHERE key = ?"

    /// `BEGIN IMMEDIATE`, each operation in order, `COMMIT`; on any failure, `ROLLBACK`.
    private static func apply(_ operations: [StorageOperation], on connection: SQLiteHandle) throws(StorageError) {
        try connection.query("begin", "BEGIN IMMEDIATE", [])
        do throws(StorageError) {
            for operation in operations {
                switch operation {
                case .put(let key, let value): try connection.query("write", upsert, [.text(key), .blob(value)])
                case .delete(let key): try connection.query("write", delete, [.text(key)])
                }
            }
            try connection.query("commit", "COMMIT", [])
        } catch {
            try? connection.execute("rollback", "ROLLBACK")
            throw error
        }
    }
}
