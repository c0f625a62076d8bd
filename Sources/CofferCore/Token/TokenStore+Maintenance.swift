/// Listing accessors and tidying index entries that point at tokens no longer stored.
extension TokenStore {
    /// Every accessor of a live service token, sorted.
    func accessors() async throws(CoreError) -> [String] {
        let storage = try loaded().storage
        var result: [String] = []
        for key in try await list(Self.idPrefix, in: storage) {
            if let entry = try await liveEntry(key) { result.append(entry.accessor) }
        }
        return result.sorted()
    }

    /// Revokes, with their subtrees, the live service tokens whose creation path lies under `prefix`
    /// (e.g. every login of an auth method being disabled); returns how many. Batch tokens are
    /// not stored, so they live out their TTL.
    func revokeIssued(under prefix: String) async throws(CoreError) -> Int {
        let storage = try loaded().storage
        var revoked = 0
        for key in try await list(Self.idPrefix, in: storage) {
            guard let entry = try await liveEntry(key), entry.path.hasBytePrefix(prefix) else { continue }
            try await revokeTree(key)
            revoked += 1
        }
        return revoked
    }

    /// Removes accessor and parent index entries whose token is gone; returns how many.
    func tidy() async throws(CoreError) -> Int {
        let storage = try loaded().storage
        var removed = 0
        for accessorHash in try await list(Self.accessorPrefix, in: storage) {
            let target: [UInt8]?
            do { target = try await storage.get(Self.accessorPrefix + accessorHash) } catch {
                throw .internalError("failed to read a token accessor: \(error.message)")
            }
            guard let target, try await storedEntry(String(decoding: target, as: UTF8.self)) == nil else { continue }
            try await delete(Self.accessorPrefix + accessorHash, in: storage)
            removed += 1
        }
        for parent in try await list(Self.parentPrefix, in: storage) {
            let parentKey = String(parent.dropLast())
            let parentGone = try await storedEntry(parentKey) == nil
            for child in try await list(Self.parentPrefix + parent, in: storage) {
                let childGone = try await storedEntry(child) == nil
                if parentGone || childGone {
                    try await delete(Self.parentPrefix + parent + child, in: storage)
                    removed += 1
                }
            }
        }
        return removed
    }

    private func list(_ prefix: String, in storage: any Storage) async throws(CoreError) -> [String] {
        do { return try await storage.list(prefix: prefix) } catch {
            throw .internalError("failed to list tokens: \(error.message)")
        }
    }

    private func delete(_ key: String, in storage: any Storage) async throws(CoreError) {
        do { try await storage.delete(key) } catch {
            throw .internalError("failed to tidy a token index: \(error.message)")
        }
    }
}
