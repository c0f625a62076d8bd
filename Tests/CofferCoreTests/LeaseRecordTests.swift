@testable import CofferCore
import Testing

@Suite("lease records")
struct LeaseRecordTests {
    @Test func aTokensLeaseStoresItsKindAlone() throws {
        var record = LeaseRecord.token()
        record.ttl = 60
        record.ownerKey = "token/id/x"
        let stored = try #require(LeaseRecord(bytes: record.bytes))
        #expect(stored == LeaseRecord.token())
        #expect(String(decoding: record.bytes, as: UTF8.self) == #"{"k":"token"}"#)
    }

    @Test func aSecretsLeaseKeepsWhatItWasIssuedWith() throws {
        var record = LeaseRecord(kind: .secret)
        record.mountUUID = "m"
        record.ownerKey = "token/id/x"
        record.issueTime = 10
        record.expireTime = 70
        record.ttl = 60
        record.renewable = true
        record.internalData = ["role": .string("r")]
        #expect(LeaseRecord(bytes: record.bytes) == record)
    }
}
