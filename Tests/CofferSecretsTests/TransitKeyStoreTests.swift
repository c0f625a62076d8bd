import CofferCore
import Testing

@testable import CofferSecrets

@Suite("Transit key store: the cache and concurrent changes")
struct TransitKeyStoreTests {
    private static let start = Timestamp(nanoseconds: 1_795_318_812_000_000_000)

    @Test func concurrentCreatorsAgreeOnOneRing() async throws {
        let storage = InMemoryStorage()
        let store = TransitKeyStore()
        let rings = try await withThrowingTaskGroup(of: TransitKeyRing?.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var made = TransitKeyRing(name: "shared", type: .aes256GCM96)
                    made.rotate(at: Self.start)
                    return try await store.change("shared", in: storage) { ring in
                        if ring == nil { ring = made }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let first = try #require(rings.first ?? nil)
        #expect(rings.allSatisfy { $0 == first })
        let stored = try #require(try await storage.get(TransitKeyStore.storageKey("shared")))
        #expect(try TransitKeyRing(record: stored) == first)
        #expect(try await TransitKeyStore().ring("shared", in: storage) == first)
    }

    @Test func readsSeeEveryChangeAndDeletion() async throws {
        let storage = InMemoryStorage()
        let store = TransitKeyStore()
        #expect(try await store.ring("app", in: storage) == nil)
        try await store.change("app", in: storage) { ring in
            var made = TransitKeyRing(name: "app", type: .chacha20Poly1305)
            made.rotate(at: Self.start)
            ring = made
        }
        #expect(try await store.ring("app", in: storage)?.latestVersion == 1)
        try await store.change("app", in: storage) { $0?.rotate(at: Self.start) }
        #expect(try await store.ring("app", in: storage)?.latestVersion == 2)
        #expect(try await storage.list(prefix: TransitKeyStore.prefix) == ["app"])
        try await store.change("app", in: storage) { $0 = nil }
        #expect(try await store.ring("app", in: storage) == nil)
        #expect(try await storage.get(TransitKeyStore.storageKey("app")) == nil)
    }

    @Test func aFailedChangeLeavesTheRingAsItWas() async throws {
        let storage = InMemoryStorage()
        let store = TransitKeyStore()
        try await store.change("app", in: storage) { ring in
            var made = TransitKeyRing(name: "app", type: .aes128GCM96)
            made.rotate(at: Self.start)
            ring = made
        }
        await #expect(throws: CoreError.self) {
            try await store.change("app", in: storage) { ring throws(CoreError) in
                ring?.rotate(at: Self.start)
                throw .badRequest("refused")
            }
        }
        #expect(try await store.ring("app", in: storage)?.latestVersion == 1)
    }

    @Test func recordsRoundTripEveryType() throws {
        for type in TransitKeyType.allCases {
            var ring = TransitKeyRing(name: "k-\(type.rawValue)", type: type)
            ring.hmacKeySize = 48
            ring.derived = type.supportsDerivation
            ring.autoRotatePeriod = 7200
            ring.rotate(at: Self.start)
            ring.rotate(at: Self.start.adding(seconds: 5))
            ring.minDecryptionVersion = 2
            #expect(try TransitKeyRing(record: ring.record()) == ring)
        }
    }
}
