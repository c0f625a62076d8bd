import CofferAPI
import CofferCore

/// The form earlier versions stored a key's metadata in: a JSON object with snake-case members,
/// times in nanoseconds since the epoch. Still read, so existing stores keep working; the next
/// write of a key's metadata replaces it with the binary record.
extension KVKeyMetadata {
    init(jsonRecord bytes: [UInt8]) throws(CoreError) {
        let reader = try KVRecordReader(bytes: bytes, what: "metadata")
        let created = try reader.timestamp("created_time") ?? Timestamp(nanoseconds: 0)
        self.init(createdAt: created)
        updatedTime = try reader.timestamp("updated_time") ?? created
        currentVersion = try reader.int("current_version")
        oldestVersion = try reader.int("oldest_version")
        maxVersions = try reader.int("max_versions")
        casRequired = try reader.bool("cas_required")
        deleteVersionAfter = min(try reader.int("delete_version_after"), BoundedDuration.maximumSeconds)
        customMetadata = try reader.strings("custom_metadata")
        currentMetadataVersion = try reader.int("current_metadata_version")
        metadataCASRequired = try reader.bool("metadata_cas_required")
        versions = []
        for element in try reader.array("versions") {
            versions.append(try KVVersion(jsonRecord: KVRecordReader(element, what: "metadata")))
        }
    }
}

extension KVVersion {
    init(jsonRecord reader: KVRecordReader) throws(CoreError) {
        self.init(
            version: try reader.int("version"),
            createdTime: try reader.timestamp("created_time")
                ?? Timestamp(nanoseconds: 0),
            deletionTime: try reader.timestamp("deletion_time"), destroyed: try reader.bool("destroyed"))
    }
}
