import CofferAPI

/// Counting and listing irrevocable leases, and tidying the lease indexes.
extension ExpirationManager {
    /// The most irrevocable leases listed unless the caller asks for all.
    static let irrevocableListLimit = 10000
    static let irrevocableListWarning =
        "Command halted because many irrevocable leases were found. To emit the entire list, re-run the command with force set true."

    /// How many leases are irrevocable, in all and by the accessor of their mount.
    func irrevocableCounts() async throws(CoreError) -> [String: JSONValue] {
        var counts: [String: Int64] = [:]
        var total: Int64 = 0
        for id in try await irrevocableIDs() {
            guard let record = try await record(id) else { continue }
            counts[mountAccessor(of: record), default: 0] += 1
            total += 1
        }
        return ["lease_count": .int(total), "counts": .object(counts.mapValues { .int($0) })]
    }

    /// Irrevocable leases with their mount's accessor and error, by expiry then ID: at most `limit`
    /// (nil: all), with the reference's warning when some were left out.
    func irrevocableList(limit: Int?) async throws(CoreError) -> (data: [String: JSONValue], warning: String?) {
        var found: [(expire: Int64, id: String, record: LeaseRecord)] = []
        var warning: String?
        for id in try await irrevocableIDs() {
            guard let record = try await record(id) else { continue }
            if let limit, found.count >= limit {
                warning = Self.irrevocableListWarning
                break
            }
            found.append((record.expireTime ?? 0, id, record))
        }
        found.sort { $0.expire != $1.expire ? $0.expire < $1.expire : $0.id < $1.id }
        let leases: [JSONValue] = found.map { item in
            .object([
                "lease_id": .string(item.id), "mount_id": .string(mountAccessor(of: item.record)),
                "error": .string(item.record.revokeError ?? ""),
            ])
        }
        return (["lease_count": .int(Int64(leases.count)), "leases": .array(leases)], warning)
    }

    /// Removes token lease records whose token is gone and owner entries whose lease is gone, and
    /// hands to the sweep the secrets whose owner token is gone; returns how many entries changed,
    /// or nil when another tidy is already running.
    func tidy() async throws(CoreError) -> Int? {
        let started = tidying.withLock { running in
            defer { running = true }
            return !running
        }
        guard started else { return nil }
        defer { tidying.withLock { $0 = false } }
        var changed = 0
        let ids: [String]
        do { ids = try await storage.keys(under: LeaseLayout.idPrefix) } catch {
            throw .internalError("failed to scan for leases: \(error.message)")
        }
        for key in ids {
            let id = String(key.droppingBytes(LeaseLayout.idPrefix.utf8.count))
            guard let record = try await record(id) else { continue }
            switch record.kind {
            case .token:
                guard let tokenKey = try tokens.key(forLease: id), try await tokens.storedEntry(tokenKey) != nil else {
                    try await write([.delete(key)], "tidy a lease")
                    changed += 1
                    continue
                }
            case .secret:
                if let owner = record.ownerKey, try await tokens.storedEntry(owner) == nil {
                    try await write([.put(LeaseLayout.expiryKey(LeaseLayout.immediately, id), [])], "tidy a lease")
                    changed += 1
                }
            }
        }
        let owned: [String]
        do { owned = try await storage.keys(under: LeaseLayout.ownerPrefix) } catch {
            throw .internalError("failed to scan lease owners: \(error.message)")
        }
        for key in owned {
            let rest = key.droppingBytes(LeaseLayout.ownerPrefix.utf8.count)
            guard let (_, id) = rest.splitAtFirstSlash() else { continue }
            if try await record(String(id)) == nil {
                try await write([.delete(key)], "tidy a lease owner entry")
                changed += 1
            }
        }
        return changed
    }

    private func irrevocableIDs() async throws(CoreError) -> [String] {
        let prefix = LeaseLayout.irrevocablePrefix
        do {
            return try await storage.scan(from: prefix, to: LeaseLayout.end(of: prefix), limit: Int.max)
                .map { String($0.key.droppingBytes(prefix.utf8.count)) }
        } catch {
            throw .internalError("failed to scan irrevocable leases: \(error.message)")
        }
    }

    private func mountAccessor(of record: LeaseRecord) -> String {
        record.mountUUID.flatMap { mounts.mounted(uuid: $0)?.entry.accessor } ?? "mount-accessor-not-found"
    }
}
