/// Values are encrypted on the way down and authenticated on the way up; keys pass unchanged.
///
/// A value that fails authentication (altered, moved from another key, or under an unknown
/// term) is a `.corrupt` error naming its key, never a wrong value.
extension Barrier: Storage {
    public func get(_ key: String) async throws(StorageError) -> [UInt8]? {
        try Self.requireUnreserved(key)
        _ = try unsealed()
        guard let stored = try await physical.get(key) else { return nil }
        return try decrypt(stored, at: key, with: unsealed().keyring)
    }

    public func put(_ key: String, _ value: [UInt8]) async throws(StorageError) {
        try Self.requireUnreserved(key)
        let sealed = try encrypt(value, at: key, with: unsealed().keyring)
        try await physical.put(key, sealed)
    }

    public func delete(_ key: String) async throws(StorageError) {
        try Self.requireUnreserved(key)
        _ = try unsealed()
        try await physical.delete(key)
    }

    public func list(prefix: String) async throws(StorageError) -> [String] {
        _ = try unsealed()
        return try await physical.list(prefix: prefix).filter { prefix + $0 != Self.keyringKey }
    }

    /// Keys pass the barrier unchanged; the keyring's own key is never reported.
    public func hasKeys(under prefixes: [String]) async throws(StorageError) -> [Bool] {
        _ = try unsealed()
        guard !prefixes.contains(where: { Self.keyringKey.hasBytePrefix($0) }) else {
            var found: [Bool] = []
            for prefix in prefixes {
                found.append(!(try await list(prefix: prefix)).isEmpty)
            }
            return found
        }
        return try await physical.hasKeys(under: prefixes)
    }

    public func scan(from start: String, to end: String, limit: Int) async throws(StorageError) -> [StorageEntry] {
        _ = try unsealed()
        let reserved = Self.keyringKey.utf8
        let coversKeyring =
            !reserved.lexicographicallyPrecedes(start.utf8) && reserved.lexicographicallyPrecedes(end.utf8)
        let widen = coversKeyring && limit >= 0 && limit < .max
        let found = try await physical.scan(from: start, to: end, limit: widen ? limit + 1 : limit)
            .filter { $0.key != Self.keyringKey }
        let entries = widen ? Array(found.prefix(limit)) : found
        let current = try unsealed().keyring
        var result: [StorageEntry] = []
        result.reserveCapacity(entries.count)
        for entry in entries {
            result.append(StorageEntry(key: entry.key, value: try decrypt(entry.value, at: entry.key, with: current)))
        }
        return result
    }

    public func transaction(_ operations: [StorageOperation]) async throws(StorageError) {
        let keyring = try unsealed().keyring
        var sealed: [StorageOperation] = []
        sealed.reserveCapacity(operations.count)
        for operation in operations {
            try Self.requireUnreserved(operation.key)
            switch operation {
            case .put(let key, let value): sealed.append(.put(key, try encrypt(value, at: key, with: keyring)))
            case .delete: sealed.append(operation)
            }
        }
        try await physical.transaction(sealed)
    }

    private static func requireUnreserved(_ key: String) throws(StorageError) {
        guard key != keyringKey else {
            throw StorageError(.invalidArgument, "\(keyringKey) is reserved for the barrier's keyring")
        }
    }

    private func encrypt(_ value: [UInt8], at key: String, with keyring: Keyring) throws(StorageError) -> [UInt8] {
        try BarrierCiphertext.seal(
            value, key: keyring.active.key, term: keyring.activeTerm, associatedData: Array(key.utf8))
    }

    private func decrypt(_ stored: [UInt8], at key: String, with keyring: Keyring) throws(StorageError) -> [UInt8] {
        guard let term = BarrierCiphertext.term(of: stored) else {
            throw StorageError(.corrupt, "stored value is not a barrier ciphertext at \(key)")
        }
        guard let entry = keyring.terms[term] else {
            throw StorageError(.corrupt, "stored value is encrypted under unknown key term \(term) at \(key)")
        }
        guard let plaintext = BarrierCiphertext.open(stored, key: entry.key, associatedData: Array(key.utf8)) else {
            throw StorageError(.corrupt, "stored value failed authentication at \(key)")
        }
        return plaintext
    }
}
