import CofferCore
import CofferAPI

/// What a key's metadata records about one version: when it was written, deleted, destroyed.
struct KVVersion: Sendable, Equatable {
    var version: Int64
    var createdTime: Timestamp
    /// When the version counts as deleted: set by a delete, or in the future by `delete_version_after`.
    var deletionTime: Timestamp?
    /// Whether the version's data is gone for good.
    var destroyed = false

    /// Whether the version is soft-deleted at `now` (a deletion time that has passed).
    func isDeleted(at now: Timestamp) -> Bool {
        guard let deletionTime else { return false }
        return deletionTime <= now
    }

    /// Whether the version's data can be read at `now`.
    func isReadable(at now: Timestamp) -> Bool { !destroyed && !isDeleted(at: now) }

    /// The entry under `versions` in a metadata read.
    var summary: JSONValue {
        [
            "created_time": .string(createdTime.rfc3339),
            "deletion_time": .string(deletionTime?.rfc3339 ?? ""),
            "destroyed": .bool(destroyed),
        ]
    }
}
