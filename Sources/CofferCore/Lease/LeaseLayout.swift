/// Where leases live in storage, behind the barrier, and how their keys are formed.
///
/// - `lease/id/<lease id>`: the record. Lease IDs are paths, so listing a prefix of them is a
///   storage list of this folder.
/// - `lease/expiry/<time>/<lease id>`: the expiry index, by the time the lease is next due (its
///   expiry or its next revocation attempt), 12 digits so keys sort by time. Only the due part is
///   ever read: nothing about leases is loaded into memory at unseal.
/// - `lease/owner/<token key>/<lease id>`: the secrets a token obtained, revoked with it.
/// - `lease/irrevocable/<lease id>`: the leases whose revocation gave up, for counting and listing.
enum LeaseLayout {
    static let idPrefix = "lease/id/"
    static let expiryPrefix = "lease/expiry/"
    static let ownerPrefix = "lease/owner/"
    static let irrevocablePrefix = "lease/irrevocable/"

    /// The time an expiry entry carries for a lease to revoke at once (its owner was revoked).
    static let immediately: Int64 = 0

    static func recordKey(_ id: String) -> String { idPrefix + id }

    static func expiryKey(_ time: Int64, _ id: String) -> String {
        let digits = String(max(0, time))
        return expiryPrefix + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + "/" + id
    }

    /// The end (exclusive) of the expiry entries due before `time`.
    static func expiryEnd(before time: Int64) -> String { expiryKey(time, "") }

    /// The time and lease ID of an expiry entry, or nil when the key is not one.
    static func parseExpiry(_ key: String) -> (time: Int64, id: String)? {
        guard key.hasBytePrefix(expiryPrefix) else { return nil }
        let rest = key.droppingBytes(expiryPrefix.utf8.count)
        guard let (digits, after) = rest.splitAtFirstSlash(), let time = Int64(digits) else { return nil }
        let id = String(after)
        return id.isEmpty ? nil : (time, id)
    }

    static func ownerFolder(_ tokenKey: String) -> String { ownerPrefix + tokenKey + "/" }

    static func ownerKey(_ tokenKey: String, _ id: String) -> String { ownerFolder(tokenKey) + id }

    static func irrevocableKey(_ id: String) -> String { irrevocablePrefix + id }

    /// The first key a scan resuming after `key` may return: canonical paths hold no control
    /// characters, so nothing lies between `key` and `key` followed by a space.
    static func successor(of key: String) -> String { key + " " }

    /// The end (exclusive) of every key that starts with `prefix`.
    static func end(of prefix: String) -> String { prefix + "\u{10FFFF}" }
}

extension LeaseLayout {
    /// The writes, for the transaction that deletes the token at `tokenKey`, that hand each secret
    /// it obtained to the expiration manager for revocation at once.
    static func revokingOwnedLeases(of tokenKey: String, in storage: any Storage) async throws(StorageError)
        -> [StorageOperation]
    {
        let folder = ownerFolder(tokenKey)
        var operations: [StorageOperation] = []
        var start = folder
        while true {
            let batch = try await storage.scan(from: start, to: end(of: folder), limit: 1000)
            for item in batch {
                operations.append(.delete(item.key))
                operations.append(.put(expiryKey(immediately, String(item.key.droppingBytes(folder.utf8.count))), []))
            }
            guard batch.count == 1000, let last = batch.last else { return operations }
            start = successor(of: last.key)
        }
    }
}
