@testable import CofferSecrets
import CofferCore
import Testing

@Suite("KV metadata records")
struct KVMetadataRecordTests {
    private var full: KVKeyMetadata {
        var metadata = KVKeyMetadata(createdAt: Timestamp(nanoseconds: 1_790_000_000_123_456_789))
        metadata.updatedTime = Timestamp(nanoseconds: 1_790_000_100_000_000_001)
        metadata.currentVersion = 12
        metadata.oldestVersion = 3
        metadata.maxVersions = 10
        metadata.casRequired = true
        metadata.deleteVersionAfter = 3600
        metadata.customMetadata = ["owner": "sre", "empty": "", "ключ": "🔑"]
        metadata.currentMetadataVersion = 4
        metadata.metadataCASRequired = true
        metadata.versions = [
            KVVersion(version: 11, createdTime: Timestamp(nanoseconds: 1_790_000_050_000_000_000)),
            KVVersion(
                version: 12, createdTime: Timestamp(nanoseconds: 1_790_000_100_000_000_001),
                deletionTime: Timestamp(nanoseconds: 1_790_003_700_000_000_001), destroyed: true),
        ]
        return metadata
    }

    @Test func metadataSurvivesItsRecord() throws {
        #expect(try KVKeyMetadata(record: full.record) == full)
        let fresh = KVKeyMetadata(createdAt: Timestamp(nanoseconds: 0))
        #expect(try KVKeyMetadata(record: fresh.record) == fresh)
    }

    @Test func metadataStoredAsJSONIsStillRead() throws {
        let legacy = """
            {"cas_required":true,"created_time":1790000000123456789,"current_metadata_version":4,\
            "current_version":12,"custom_metadata":{"owner":"sre"},"delete_version_after":3600,\
            "max_versions":10,"metadata_cas_required":false,"oldest_version":11,\
            "updated_time":1790000100000000001,"versions":[{"created_time":1790000050000000000,\
            "destroyed":false,"version":11},{"created_time":1790000100000000001,\
            "deletion_time":1790003700000000001,"destroyed":true,"version":12}]}
            """
        var expected = full
        expected.customMetadata = ["owner": "sre"]
        expected.metadataCASRequired = false
        expected.oldestVersion = 11
        #expect(try KVKeyMetadata(record: Array(legacy.utf8)) == expected)
    }

    @Test func damagedRecordsAreErrors() {
        let record = full.record
        for length in 0..<record.count {
            #expect(throws: CoreError.self, "truncated to \(length) bytes") {
                try KVKeyMetadata(record: Array(record.prefix(length)))
            }
        }
        #expect(throws: CoreError.self) { try KVKeyMetadata(record: record + [0]) }
        #expect(throws: CoreError.self) { try KVKeyMetadata(record: [9] + record.dropFirst()) }
    }
}
