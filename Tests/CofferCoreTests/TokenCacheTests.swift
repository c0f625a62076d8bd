@testable import CofferCore
import Testing

@Suite("token cache")
struct TokenCacheTests {
    private func entry(_ number: Int) -> TokenEntry {
        TokenEntry(
            accessor: "accessor-\(number)", parent: nil, policies: ["default"], meta: nil, displayName: "token",
            path: "auth/token/create", numUses: 0, numUsesLimit: 0, creationTime: 0, creationTTL: 0, ttl: 0,
            lastRenewalTime: nil, explicitMaxTTL: 0, period: 0, renewable: false, type: .service, role: nil,
            boundCIDRs: nil)
    }

    @Test func holdsAtMostItsCapacityAndTheNewestEntry() {
        let cache = TokenCache()
        let total = TokenCache.capacity * 3
        for number in 0..<total {
            cache.store("key-\(number)", entry(number))
        }
        let held = (0..<total).filter { cache.lookup("key-\($0)").entry != nil }
        #expect(held.count <= TokenCache.capacity)
        #expect(held.count >= TokenCache.capacity / 2)
        #expect(cache.lookup("key-\(total - 1)").entry?.accessor == "accessor-\(total - 1)")
    }

    @Test func aFillThatRacedAChangeIsDropped() {
        let cache = TokenCache()
        let (_, generation) = cache.lookup("revoked")
        cache.remove("revoked")
        cache.fill("revoked", entry(1), readAt: generation)
        #expect(cache.lookup("revoked").entry == nil)
        let (_, fresh) = cache.lookup("kept")
        cache.fill("kept", entry(2), readAt: fresh)
        #expect(cache.lookup("kept").entry?.accessor == "accessor-2")
    }
}
