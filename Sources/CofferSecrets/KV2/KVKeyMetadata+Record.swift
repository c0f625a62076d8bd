import CofferAPI
import CofferCore

/// The stored form of a key's metadata: a binary record (`BinaryRecordWriter`), read and written
/// on every KV v2 read and write, so it costs a fraction of parsing JSON. Metadata stored as JSON
/// by earlier versions is still read (`KVKeyMetadata+JSONRecord`).
extension KVKeyMetadata {
    /// The first byte of a binary record; a JSON record starts with `{`.
    private static let recordVersion: UInt8 = 1

    private enum Flag {
        static let casRequired: UInt8 = 1
        static let metadataCASRequired: UInt8 = 2
        static let destroyed: UInt8 = 1
        static let deletionTime: UInt8 = 2
    }

    init(record bytes: [UInt8]) throws(CoreError) {
        if bytes.first == UInt8(ascii: "{") {
            try self.init(jsonRecord: bytes)
            return
        }
        var reader = BinaryRecordReader(bytes)
        guard bytes.first == Self.recordVersion, let metadata = try? Self(reading: &reader), reader.isAtEnd else {
            throw CoreError.internalError("the stored key/value metadata is unreadable")
        }
        self = metadata
    }

    var record: [UInt8] {
        var writer = BinaryRecordWriter(version: Self.recordVersion, capacity: 64 + versions.count * 24)
        var flags: UInt8 = 0
        if casRequired { flags |= Flag.casRequired }
        if metadataCASRequired { flags |= Flag.metadataCASRequired }
        writer.byte(flags)
        for number in [
            createdTime.nanoseconds, updatedTime.nanoseconds, currentVersion, oldestVersion, maxVersions,
            deleteVersionAfter, currentMetadataVersion,
        ] {
            writer.signed(number)
        }
        writer.stringMap(customMetadata)
        writer.unsigned(UInt64(versions.count))
        for version in versions {
            writer.signed(version.version)
            writer.signed(version.createdTime.nanoseconds)
            writer.byte(
                (version.destroyed ? Flag.destroyed : 0) | (version.deletionTime != nil ? Flag.deletionTime : 0))
            if let deletionTime = version.deletionTime { writer.signed(deletionTime.nanoseconds) }
        }
        return writer.bytes
    }

    private init(reading reader: inout BinaryRecordReader) throws(BinaryRecordReader.Malformed) {
        let flags = try reader.byte()
        self.init(createdAt: Timestamp(nanoseconds: try reader.signed()))
        updatedTime = Timestamp(nanoseconds: try reader.signed())
        currentVersion = try reader.signed()
        oldestVersion = try reader.signed()
        maxVersions = try reader.signed()
        deleteVersionAfter = min(try reader.signed(), BoundedDuration.maximumSeconds)
        currentMetadataVersion = try reader.signed()
        casRequired = flags & Flag.casRequired != 0
        metadataCASRequired = flags & Flag.metadataCASRequired != 0
        customMetadata = try reader.stringMap()
        let count = try reader.unsigned()
        guard count <= UInt64(reader.remaining) else { throw BinaryRecordReader.Malformed() }
        versions = []
        versions.reserveCapacity(Int(count))
        for _ in 0..<count {
            let number = try reader.signed()
            let created = Timestamp(nanoseconds: try reader.signed())
            let versionFlags = try reader.byte()
            let deletion =
                versionFlags & Flag.deletionTime != 0 ? Timestamp(nanoseconds: try reader.signed()) : nil
            versions.append(
                KVVersion(
                    version: number, createdTime: created, deletionTime: deletion,
                    destroyed: versionFlags & Flag.destroyed != 0))
        }
    }
}
