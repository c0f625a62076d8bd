import CofferAPI
@testable import CofferCore
import Testing

@Suite("stored durations")
struct StoredDurationTests {
    private var huge: TokenEntry {
        TokenEntry(
            accessor: "acc", parent: nil, policies: ["default"], meta: nil, displayName: "token",
            path: "auth/token/create", numUses: 0, numUsesLimit: 0, creationTime: 1_796_613_713, creationTTL: .max,
            ttl: .max, lastRenewalTime: .max, explicitMaxTTL: .max, period: .max, renewable: true, type: .service,
            role: nil, boundCIDRs: nil)
    }

    @Test func aTokenRecordWithHugeDurationsIsClampedOnRead() throws {
        let entry = try #require(TokenEntry(record: huge.record))
        #expect(entry.ttl == BoundedDuration.maximumSeconds)
        #expect(entry.creationTTL == BoundedDuration.maximumSeconds)
        #expect(entry.explicitMaxTTL == BoundedDuration.maximumSeconds)
        #expect(entry.period == BoundedDuration.maximumSeconds)
    }

    @Test func expiryArithmeticSaturates() {
        let entry = huge
        #expect(entry.expireTime == .max)
        #expect(entry.remaining(at: .min) == .max)
        #expect(!entry.isExpired(at: .max))
        #expect(entry.lookupData(id: "", now: 0)["expire_time"] == .string("2262-04-11T23:47:16Z"))
    }

    @Test func tokenTimesPrintInRFC3339() {
        #expect(TokenEntry.timestamp(1_796_613_713) == "2026-12-07T03:21:53Z")
        #expect(TokenEntry.timestamp(.max) == "2262-04-11T23:47:16Z")
    }
}
