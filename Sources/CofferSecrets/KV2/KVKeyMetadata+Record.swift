import CofferAPI
import CofferCore

/// The stored form of a key's metadata: a JSON object with snake-case members, times in
/// nanoseconds since the epoch. Read and written by hand, without Codable's per-field cost,
/// since every KV v2 read and write goes through it.
extension KVKeyMetadata {
    init(record bytes: [UInt8]) throws(CoreError) {
        let reader = try KVRecordReader(bytes: bytes, what: "metadata")
        let created = try reader.timestamp("created_time") ?? KVTimestamp(nanoseconds: 0)
        self.init(createdAt: created)
        updatedTime = try reader.timestamp("updated_time") ?? created
        currentVersion = try reader.int("current_version")
        oldestVersion = try reader.int("oldest_version")
        maxVersions = try reader.int("max_versions")
        casRequired = try reader.bool("cas_required")
        deleteVersionAfter = try reader.int("delete_version_after")
        customMetadata = try reader.strings("custom_metadata")
        currentMetadataVersion = try reader.int("current_metadata_version")
        metadataCASRequired = try reader.bool("metadata_cas_required")
        versions = []
        for element in try reader.array("versions") {
            versions.append(try KVVersion(record: KVRecordReader(element, what: "metadata")))
        }
    }

    var record: [UInt8] {
        let members: [String: JSONValue] = [
            "created_time": .int(createdTime.nanoseconds),
            "updated_time": .int(updatedTime.nanoseconds),
            "current_version": .int(currentVersion),
            "oldest_version": .int(oldestVersion),
            "max_versions": .int(maxVersions),
            "cas_required": .bool(casRequired),
            "delete_version_after": .int(deleteVersionAfter),
            "custom_metadata": .object(customMetadata.mapValues { .string($0) }),
            "current_metadata_version": .int(currentMetadataVersion),
            "metadata_cas_required": .bool(metadataCASRequired),
            "versions": .array(versions.map(\.record)),
        ]
        return JSONValue.object(members).serialized()
    }
}

extension KVVersion {
    init(record reader: KVRecordReader) throws(CoreError) {
        self.init(
            version: try reader.int("version"), createdTime: try reader.timestamp("created_time")
                ?? KVTimestamp(nanoseconds: 0),
            deletionTime: try reader.timestamp("deletion_time"), destroyed: try reader.bool("destroyed"))
    }

    var record: JSONValue {
        var members: [String: JSONValue] = [
            "version": .int(version), "created_time": .int(createdTime.nanoseconds), "destroyed": .bool(destroyed),
        ]
        if let deletionTime { members["deletion_time"] = .int(deletionTime.nanoseconds) }
        return .object(members)
    }
}
