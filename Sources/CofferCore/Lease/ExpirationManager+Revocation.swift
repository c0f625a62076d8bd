import CofferAPI

/// Revocation: on request, by prefix, and when due, with retries and then irrevocability.
extension ExpirationManager {
    /// Revokes the lease now: a token with its children, a secret through its engine. With
    /// `force`, an engine's failure is logged and the lease forgotten all the same. A lease that
    /// does not exist is already revoked.
    func revoke(_ id: String, force: Bool) async throws(CoreError) {
        try await locked(id) { () async throws(CoreError) in
            guard let record = try await record(id) else { return }
            do throws(CoreError) { try await revokeThrough(id, record) } catch {
                guard force else { throw .internalError("failed to revoke entry: \(error.messages.joined())") }
                logger.warning(
                    "revocation from the backend failed, but in force mode so ignoring",
                    metadata: ["lease_id": "\(id)", "error": "\(error.messages.joined())"])
            }
            try await forget(id, record)
        }
    }

    /// Hands the lease to the sweep for revocation at once, as `sync=false` asks; a lease that
    /// does not exist is already revoked.
    func revokeLater(_ id: String) async throws(CoreError) {
        guard try await record(id) != nil else { return }
        try await write([.put(LeaseLayout.expiryKey(LeaseLayout.immediately, id), [])], "schedule a revocation")
    }

    /// Revokes the lease named `prefix`, or else every lease under `prefix/`, in key order.
    func revokePrefix(_ prefix: String, force: Bool, sync: Bool) async throws(CoreError) {
        if !prefix.isEmpty, !prefix.hasByteSuffix("/"), try await record(prefix) != nil {
            return try await (sync ? revoke(prefix, force: force) : revokeLater(prefix))
        }
        let folder = prefix.isEmpty || prefix.hasByteSuffix("/") ? prefix : prefix + "/"
        let ids: [String]
        do { ids = try await storage.keys(under: LeaseLayout.idPrefix + folder) } catch {
            throw .internalError("failed to scan for leases: \(error.message)")
        }
        for (index, key) in ids.enumerated() {
            let id = String(key.droppingBytes(LeaseLayout.idPrefix.utf8.count))
            do throws(CoreError) { try await (sync ? revoke(id, force: force) : revokeLater(id)) } catch {
                throw CoreError(
                    error.code, ["failed to revoke \"\(id)\" (\(index + 1) / \(ids.count)): \(error.messages.joined())"])
            }
        }
    }

    /// Revokes every lease that is due, in batches of `batchSize`, `concurrency` at a time so their
    /// writes share commits; between batches `pacer` lets requests go first. Returns how many were
    /// revoked. Stops early when the storage fails.
    @discardableResult
    func revokeDue(batchSize: Int = 256, concurrency: Int = 16, pacer: SweepPacer? = nil) async -> Int {
        var revoked = 0
        while true {
            let mark = pacer?.batchStarts()
            let due: [StorageEntry]
            do {
                due = try await storage.scan(
                    from: LeaseLayout.expiryPrefix, to: LeaseLayout.expiryEnd(before: now()), limit: batchSize)
            } catch {
                logger.error("lease expiry scan failed", metadata: ["error": "\(error.message)"])
                return revoked
            }
            var outcomes: [Outcome] = []
            await withTaskGroup(of: Outcome.self) { group in
                var pending = due.makeIterator()
                for _ in 0..<concurrency {
                    guard let item = pending.next() else { break }
                    group.addTask { await self.process(item.key) }
                }
                for await outcome in group {
                    outcomes.append(outcome)
                    if let item = pending.next() { group.addTask { await self.process(item.key) } }
                }
            }
            revoked += outcomes.filter { $0 == .revoked }.count
            if outcomes.contains(.storageFailed) || due.count < batchSize { return revoked }
            if let mark { await pacer?.rest(after: mark) }
        }
    }

    enum Outcome: Sendable, Equatable {
        case revoked, retryLater, skipped, storageFailed
    }

    /// One due expiry entry: the lease is revoked, its failure recorded, or the entry dropped as stale.
    private func process(_ entryKey: String) async -> Outcome {
        guard let (time, id) = LeaseLayout.parseExpiry(entryKey) else {
            return (try? await write([.delete(entryKey)], "drop an expiry entry")) == nil ? .storageFailed : .skipped
        }
        do {
            return try await locked(id) { () async throws(CoreError) -> Outcome in
                guard let record = try await record(id), time == LeaseLayout.immediately || time == record.scheduled
                else {
                    try await write([.delete(entryKey)], "drop a stale expiry entry")
                    return .skipped
                }
                do throws(CoreError) {
                    try await revokeThrough(id, record)
                } catch {
                    guard record.kind == .secret else {
                        logger.error(
                            "failed to revoke a token's lease; the next sweep tries again",
                            metadata: ["lease_id": "\(id)", "error": "\(error.messages.joined())"])
                        return .storageFailed
                    }
                    try await recordFailure(id, record, error, entryKey: entryKey)
                    return .retryLater
                }
                try await forget(id, record, also: entryKey)
                return .revoked
            }
        } catch {
            logger.error("lease revocation could not be recorded", metadata: ["lease_id": "\(id)", "error": "\(error)"])
            return .storageFailed
        }
    }

    /// Counts a failed attempt and schedules the next: exponential backoff, and after
    /// `maxRevokeAttempts` the lease is irrevocable, kept with its error and tried hourly.
    private func recordFailure(_ id: String, _ record: LeaseRecord, _ error: CoreError, entryKey: String)
        async throws(CoreError)
    {
        var updated = record
        updated.revokeAttempts += 1
        let message = error.messages.joined(separator: "; ")
        let next: Int64
        var operations: [StorageOperation] = []
        if updated.isIrrevocable {
            next = now().saturatingAdding(Self.irrevocableRetryInterval)
        } else if updated.revokeAttempts >= Self.maxRevokeAttempts {
            updated.revokeError = String("\(Self.outOfRetries): \(message)".prefix(Self.maxErrorLength))
            next = now().saturatingAdding(Self.irrevocableRetryInterval)
            operations.append(.put(LeaseLayout.irrevocableKey(id), []))
            logger.error(
                "lease marked irrevocable", metadata: ["lease_id": "\(id)", "attempts": "\(updated.revokeAttempts)"])
        } else {
            next = now().saturatingAdding(Self.backoff(attempt: updated.revokeAttempts))
            logger.error(
                "failed to revoke lease",
                metadata: ["lease_id": "\(id)", "error": "\(message)", "attempts": "\(updated.revokeAttempts)"])
        }
        updated.scheduled = next
        operations += [
            .put(LeaseLayout.recordKey(id), updated.bytes), .delete(entryKey), .put(LeaseLayout.expiryKey(next, id), []),
        ]
        if let previous = record.scheduled, previous != next, LeaseLayout.expiryKey(previous, id) != entryKey {
            operations.append(.delete(LeaseLayout.expiryKey(previous, id)))
        }
        try await write(operations, "record a failed revocation")
    }

    /// Seconds before retry `attempt` (1-based): 10 s × 2^attempt, ±50 %, as the reference waits.
    static func backoff(attempt: Int) -> Int64 {
        let base = retryBase.saturatingMultiplying(Int64(1) << Int64(min(attempt, 20)))
        return max(1, base / 2 + Int64.random(in: 0...base))
    }

    /// Undoes what the lease granted: revokes a token's subtree, or asks the secret's engine.
    private func revokeThrough(_ id: String, _ record: LeaseRecord) async throws(CoreError) {
        switch record.kind {
        case .token:
            if let key = try tokens.key(forLease: id), try await tokens.storedEntry(key) != nil {
                try await tokens.revokeTree(key)
            }
        case .secret:
            let (mounted, backend) = try leasing(record)
            do { try await backend.revoke(lease(id, record), storage: mounted.storage) } catch {
                throw .internalError(Self.describe(error))
            }
        }
    }

    /// Removes the lease and every index entry that names it.
    private func forget(_ id: String, _ record: LeaseRecord, also entryKey: String? = nil) async throws(CoreError) {
        var operations: [StorageOperation] = [
            .delete(LeaseLayout.recordKey(id)), .delete(LeaseLayout.irrevocableKey(id)),
            .delete(LeaseLayout.expiryKey(LeaseLayout.immediately, id)),
        ]
        if let scheduled = record.scheduled { operations.append(.delete(LeaseLayout.expiryKey(scheduled, id))) }
        if let entryKey { operations.append(.delete(entryKey)) }
        if let owner = record.ownerKey { operations.append(.delete(LeaseLayout.ownerKey(owner, id))) }
        try await write(operations, "delete a lease")
    }
}
