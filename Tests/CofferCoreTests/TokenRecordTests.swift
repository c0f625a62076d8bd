@testable import CofferCore
import Testing

@Suite("token records")
struct TokenRecordTests {
    private let bare = TokenEntry(
        accessor: "Xq3accessor", parent: nil, policies: ["default"], meta: nil, displayName: "token",
        path: "auth/token/create", numUses: 0, numUsesLimit: 0, creationTime: 1_790_000_000, creationTTL: 3600,
        ttl: 3600, lastRenewalTime: nil, explicitMaxTTL: 0, period: 0, renewable: true, type: .service, role: nil,
        boundCIDRs: nil)

    private var full: TokenEntry {
        var entry = bare
        entry.parent = String(repeating: "ab", count: 32)
        entry.policies = ["default", "dev-ops", "ünïcode"]
        entry.meta = ["team": "sre", "owner": "", "emoji": "🔑"]
        entry.numUses = -1
        entry.numUsesLimit = 3
        entry.lastRenewalTime = 1_790_000_600
        entry.explicitMaxTTL = Int64(Int32.max) * 4
        entry.period = 86_400
        entry.renewable = false
        entry.type = .batch
        entry.role = "ci"
        entry.boundCIDRs = ["10.0.0.0/8", "::1/128"]
        return entry
    }

    @Test func entriesSurviveTheirRecord() {
        #expect(TokenEntry(record: bare.record) == bare)
        #expect(TokenEntry(record: full.record) == full)
        var empty = bare
        empty.meta = [:]
        empty.boundCIDRs = []
        #expect(TokenEntry(record: empty.record) == empty)
    }

    @Test func theRecordIsMuchSmallerThanJSON() {
        #expect(bare.record.count < 80)
    }

    @Test func recordsWrittenAsJSONAreStillRead() {
        let legacy = """
            {"accessor":"Xq3accessor","parent":"\(String(repeating: "ab", count: 32))","policies":["default"],\
            "meta":{"team":"sre"},"displayName":"token","path":"auth/token/create","numUses":0,"numUsesLimit":0,\
            "creationTime":1790000000,"creationTTL":3600,"ttl":3600,"lastRenewalTime":1790000600,\
            "explicitMaxTTL":0,"period":0,"renewable":true,"type":"service","role":"ci"}
            """
        var expected = bare
        expected.parent = String(repeating: "ab", count: 32)
        expected.meta = ["team": "sre"]
        expected.lastRenewalTime = 1_790_000_600
        expected.role = "ci"
        #expect(TokenEntry(record: Array(legacy.utf8)) == expected)
    }

    @Test func damagedRecordsAreNotRead() {
        let record = full.record
        for length in 0..<record.count {
            #expect(TokenEntry(record: Array(record.prefix(length))) == nil, "truncated to \(length) bytes")
        }
        #expect(TokenEntry(record: record + [0]) == nil)
        #expect(TokenEntry(record: [2] + record.dropFirst()) == nil)
        #expect(TokenEntry(record: Array("{\"accessor\":1}".utf8)) == nil)
    }
}
