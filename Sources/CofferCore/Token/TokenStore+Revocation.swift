/// Revocation: a token and its whole subtree, leaves first, resumable after a crash.
extension TokenStore {
    /// Revokes the token at `key` and every descendant. A marker written first makes an
    /// interrupted revocation finish on the next unseal.
    func revokeTree(_ key: String) async throws(CoreError) {
        let storage = try loaded().storage
        let held = try await holdings(of: key, in: storage)
        if !held.children {
            return try await deleteToken(key, in: storage, held: held)
        }
        try await write(.put(Self.revokingPrefix + key, []), in: storage)
        var stack = [key]
        var order: [String] = []
        while let next = stack.popLast() {
            order.append(next)
            stack.append(contentsOf: try await children(of: next, in: storage))
        }
        for victim in order.reversed() {
            try await deleteToken(victim, in: storage)
        }
        try await write(.delete(Self.revokingPrefix + key), in: storage)
    }

    /// Revokes only the token at `key`; its children become orphans.
    func revokeOrphan(_ key: String) async throws(CoreError) {
        let storage = try loaded().storage
        for child in try await children(of: key, in: storage) {
            try await changing(child) { () async throws(CoreError) in
                guard var entry = try await storedEntry(child) else { return }
                let previous = entry
                entry.parent = nil
                try await save(entry, key: child, replacing: previous)
            }
            try await write(.delete(Self.parentPrefix + key + "/" + child), in: storage)
        }
        try await deleteToken(key, in: storage)
    }

    /// Spends one use of a use-limited token. Returns the entry after the use, or nil when no use
    /// was left (the token is then already dead). A token whose last use this was is marked so no
    /// other request can use it; the caller revokes it once its request is done.
    func spendUse(_ key: String) async throws(CoreError) -> TokenEntry? {
        try await changing(key) { () async throws(CoreError) -> TokenEntry? in
            guard var entry = try await liveEntry(key), entry.numUses >= 0 else { return nil }
            guard entry.numUses > 0 else { return entry }
            let previous = entry
            entry.numUses = entry.numUses == 1 ? -1 : entry.numUses - 1
            try await save(entry, key: key, replacing: previous)
            return entry
        }
    }

    /// Revokes every token whose expiry has passed, with its subtree, in batches of `batchSize`
    /// revoked side by side so their writes share commits; between batches `pacer` lets requests
    /// go first. Returns how many were revoked.
    func revokeExpired(batchSize: Int = 256, pacer: SweepPacer? = nil) async throws(CoreError) -> Int {
        let storage = try loaded().storage
        var revoked = 0
        while true {
            let mark = pacer?.batchStarts()
            let due: [StorageEntry]
            do { due = try await storage.scan(from: Self.expiryPrefix, to: Self.expiryKey(now(), ""), limit: batchSize) }
            catch { throw .internalError("failed to scan token expiries: \(error.message)") }
            let outcomes = await withTaskGroup(of: Result<Bool, CoreError>.self) { group in
                for item in due {
                    group.addTask { await self.revokeDue(item.key, in: storage) }
                }
                var outcomes: [Result<Bool, CoreError>] = []
                for await outcome in group {
                    outcomes.append(outcome)
                }
                return outcomes
            }
            for outcome in outcomes {
                if try outcome.get() { revoked += 1 }
            }
            if due.count < batchSize { return revoked }
            if let mark { await pacer?.rest(after: mark) }
        }
    }

    /// Revokes the token an expiry entry names, or drops the entry when the token is gone;
    /// true when a token was revoked.
    private func revokeDue(_ entryKey: String, in storage: any Storage) async -> Result<Bool, CoreError> {
        guard let key = entryKey.slashSeparated(omittingEmpty: true).last.map(String.init) else { return .success(false) }
        do throws(CoreError) {
            if try await storedEntry(key) != nil {
                try await revokeTree(key)
                return .success(true)
            }
            try await write(.delete(entryKey), in: storage)
            return .success(false)
        } catch {
            return .failure(error)
        }
    }

    private func children(of key: String, in storage: any Storage) async throws(CoreError) -> [String] {
        do { return try await storage.list(prefix: Self.parentPrefix + key + "/") } catch {
            throw .internalError("failed to list child tokens: \(error.message)")
        }
    }

    /// What a token holds in storage besides its entry and indexes.
    private struct Holdings {
        var children: Bool
        var cubbyhole: Bool
        var leases: Bool
    }

    /// Which of child tokens, cubbyhole entries and secrets' leases the token at `key` has, probed
    /// in one storage call: most tokens have none, and their revocation then lists nothing.
    private func holdings(of key: String, in storage: any Storage) async throws(CoreError) -> Holdings {
        let prefixes = [
            Self.parentPrefix + key + "/", CubbyholeBackend.storagePrefix + key + "/", LeaseLayout.ownerFolder(key),
        ]
        do {
            let found = try await storage.hasKeys(under: prefixes)
            return Holdings(children: found[0], cubbyhole: found[1], leases: found[2])
        } catch {
            throw .internalError("failed to read what a token holds: \(error.message)")
        }
    }

    /// Deletes the token at `key`; `held` is what a probe just found it holding (nil: probe now).
    private func deleteToken(_ key: String, in storage: any Storage, held: Holdings? = nil) async throws(CoreError) {
        try await changing(key) { () async throws(CoreError) in try await deleteEntry(key, in: storage, held: held) }
    }

    private func deleteEntry(_ key: String, in storage: any Storage, held known: Holdings?) async throws(CoreError) {
        guard let entry = try await storedEntry(key) else { return }
        let held: Holdings
        if let known { held = known } else { held = try await holdings(of: key, in: storage) }
        let salt = try loaded().salt
        var operations: [StorageOperation] = [
            .delete(Self.idPrefix + key), .delete(Self.accessorPrefix + salt.hash(entry.accessor)),
        ]
        if let parent = entry.parent { operations.append(.delete(Self.parentPrefix + parent + "/" + key)) }
        if let expiry = entry.expireTime { operations.append(.delete(Self.expiryKey(expiry, key))) }
        if let lease = leaseID(of: entry, key: key) { operations.append(.delete(LeaseLayout.recordKey(lease))) }
        do {
            if held.cubbyhole {
                for cubbyholeKey in try await storage.keys(under: CubbyholeBackend.storagePrefix + key + "/") {
                    operations.append(.delete(cubbyholeKey))
                }
            }
            if held.leases { operations += try await LeaseLayout.revokingOwnedLeases(of: key, in: storage) }
            try await storage.transaction(operations)
        } catch {
            throw .internalError("failed to revoke a token: \(error.message)")
        }
        cache.remove(key)
    }

    private func write(_ operation: StorageOperation, in storage: any Storage) async throws(CoreError) {
        do { try await storage.transaction([operation]) } catch {
            throw .internalError("failed to record a token revocation: \(error.message)")
        }
    }
}
