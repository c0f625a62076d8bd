import CofferCore
import CofferAPI

/// Everything the engine keeps about one key besides its data: settings and the version list.
struct KVKeyMetadata: Sendable, Equatable {
    var createdTime: Timestamp
    var updatedTime: Timestamp
    /// The newest version written; 0 while the key has metadata only.
    var currentVersion: Int64 = 0
    /// The oldest version not yet trimmed by `max_versions` (0 until trimming starts).
    var oldestVersion: Int64 = 0
    var maxVersions: Int64 = 0
    var casRequired = false
    /// Seconds; 0 means the mount's setting applies alone.
    var deleteVersionAfter: Int64 = 0
    var customMetadata: [String: String] = [:]
    /// Counts metadata writes, for `metadata_cas`.
    var currentMetadataVersion: Int64 = 0
    var metadataCASRequired = false
    /// The versions still recorded, oldest first.
    var versions: [KVVersion] = []

    init(createdAt now: Timestamp) {
        createdTime = now
        updatedTime = now
    }

    /// The recorded version `number`, if it has not been trimmed.
    func version(_ number: Int64) -> KVVersion? {
        versions.first { $0.version == number }
    }

    /// Changes the recorded version `number`; nothing happens when it is not recorded.
    mutating func updateVersion(_ number: Int64, _ change: (inout KVVersion) -> Void) {
        guard let index = versions.firstIndex(where: { $0.version == number }) else { return }
        change(&versions[index])
    }

    /// Versions kept: the larger of the key's and the mount's setting, 10 when neither sets one.
    func effectiveMaxVersions(_ config: KVv2Config) -> Int64 {
        let chosen = max(maxVersions, config.maxVersions)
        return chosen > 0 ? chosen : KVv2Config.defaultMaxVersions
    }

    /// Seconds until a new version is soft-deleted: the shorter positive setting, nil for never.
    func effectiveDeleteAfter(_ config: KVv2Config) -> Int64? {
        [deleteVersionAfter, config.deleteVersionAfter].filter { $0 > 0 }.min()
    }

    /// Records a new current version written at `now`.
    mutating func appendVersion(at now: Timestamp, config: KVv2Config) -> KVVersion {
        currentVersion += 1
        let version = KVVersion(
            version: currentVersion, createdTime: now,
            deletionTime: effectiveDeleteAfter(config).map { now.adding(seconds: $0) })
        versions.append(version)
        updatedTime = now
        return version
    }

    /// Forgets the versions beyond `limit` (oldest first) and returns their numbers, whose data must go too.
    mutating func trim(keeping limit: Int64) -> [Int64] {
        guard currentVersion - oldestVersion >= limit else { return [] }
        let newOldest = currentVersion - limit + 1
        let removed = versions.filter { $0.version < newOldest }.map(\.version)
        versions.removeAll { $0.version < newOldest }
        oldestVersion = newOldest
        return removed
    }

    /// `custom_metadata` as the API shows it: null when empty.
    var customMetadataValue: JSONValue {
        customMetadata.isEmpty ? .null : .object(customMetadata.mapValues { .string($0) })
    }

    /// The `metadata` block of a data read or write for `version`.
    func describe(_ version: KVVersion) -> [String: JSONValue] {
        [
            "created_time": .string(version.createdTime.rfc3339),
            "custom_metadata": customMetadataValue,
            "deletion_time": .string(version.deletionTime?.rfc3339 ?? ""),
            "destroyed": .bool(version.destroyed),
            "version": .int(version.version),
        ]
    }

    /// The body of a metadata read.
    var apiValue: [String: JSONValue] {
        var listed: [String: JSONValue] = [:]
        for version in versions { listed[String(version.version)] = version.summary }
        return [
            "cas_required": .bool(casRequired),
            "created_time": .string(createdTime.rfc3339),
            "current_metadata_version": .int(currentMetadataVersion),
            "current_version": .int(currentVersion),
            "custom_metadata": customMetadataValue,
            "delete_version_after": .string(DurationText.format(seconds: deleteVersionAfter)),
            "max_versions": .int(maxVersions),
            "metadata_cas_required": .bool(metadataCASRequired),
            "oldest_version": .int(oldestVersion),
            "updated_time": .string(updatedTime.rfc3339),
            "versions": .object(listed),
        ]
    }
}
