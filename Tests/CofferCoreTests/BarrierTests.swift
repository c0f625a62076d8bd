import CofferCore
import Foundation
import Testing

@Suite struct BarrierTests {
    private static let installTime = Date(timeIntervalSince1970: 1_700_000_000)

    private static func randomKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in generator.next() }
    }

    /// An initialized, unsealed barrier over fresh in-memory storage.
    private static func unsealedBarrier() async throws -> (
        barrier: Barrier, physical: InMemoryStorage, rootKey: [UInt8]
    ) {
        let physical = InMemoryStorage()
        let rootKey = randomKey()
        let barrier = Barrier(physical: physical, now: { installTime })
        try await barrier.initialize(rootKey: rootKey)
        try await barrier.unseal(rootKey: rootKey)
        return (barrier, physical, rootKey)
    }

    /// The error `body` throws, when it is an `E`.
    private static func thrown<E: Error>(_: E.Type, by body: () async throws -> Void) async -> E? {
        do {
            try await body()
        } catch {
            return error as? E
        }
        return nil
    }

    private static func storageError(_ body: () async throws -> Void) async -> StorageError? {
        await thrown(StorageError.self, by: body)
    }

    private static func sealError(_ body: () async throws -> Void) async -> SealError? {
        await thrown(SealError.self, by: body)
    }

    private static func term(of ciphertext: [UInt8]) -> UInt32 {
        ciphertext[1..<5].reduce(0) { $0 << 8 | UInt32($1) }
    }

    @Test func valuesRoundTripEncrypted() async throws {
        let (barrier, physical, _) = try await Self.unsealedBarrier()
        let value = Array("top secret".utf8)
        try await barrier.put("secret/app", value)
        try await barrier.put("secret/empty", [])

        #expect(try await barrier.get("secret/app") == value)
        #expect(try await barrier.get("secret/empty") == [])
        #expect(try await barrier.get("secret/absent") == nil)

        let stored = try #require(try await physical.get("secret/app"))
        #expect(stored.count == 1 + 4 + 12 + value.count + 16)
        #expect(stored[0] == 1)
        #expect(Self.term(of: stored) == 1)
        #expect(!stored.indices.dropLast(value.count - 1).contains { Array(stored[$0..<$0 + value.count]) == value })

        try await barrier.delete("secret/app")
        #expect(try await barrier.get("secret/app") == nil)
        #expect(try await physical.get("secret/app") == nil)
    }

    @Test func sameValueEncryptsDifferentlyEachTime() async throws {
        let (barrier, physical, _) = try await Self.unsealedBarrier()
        try await barrier.put("a", [1, 2, 3])
        let first = try await physical.get("a")
        try await barrier.put("a", [1, 2, 3])
        #expect(try await physical.get("a") != first)
    }

    @Test func listPassesThroughAndHidesTheKeyring() async throws {
        let (barrier, _, _) = try await Self.unsealedBarrier()
        for key in ["a/b", "a/c/d", "core/mounts", "z"] {
            try await barrier.put(key, [0])
        }
        #expect(try await barrier.list(prefix: "") == ["a/", "core/", "z"])
        #expect(try await barrier.list(prefix: "a/") == ["b", "c/"])
        #expect(try await barrier.list(prefix: "core/") == ["mounts"])
        #expect(try await barrier.keys(under: "") == ["a/b", "a/c/d", "core/mounts", "z"])
    }

    @Test func scanDecryptsInOrderAndSkipsTheKeyring() async throws {
        let (barrier, _, _) = try await Self.unsealedBarrier()
        for key in ["core/a", "core/z", "other"] {
            try await barrier.put(key, Array(key.utf8))
        }
        let all = try await barrier.scan(from: "", to: "~", limit: 10)
        #expect(all == ["core/a", "core/z", "other"].map { StorageEntry(key: $0, value: Array($0.utf8)) })

        let limited = try await barrier.scan(from: "core/", to: "core0", limit: 2)
        #expect(limited.map(\.key) == ["core/a", "core/z"])
        #expect(try await barrier.scan(from: "core/b", to: "core0", limit: 1).map(\.key) == ["core/z"])
        #expect(try await barrier.scan(from: "core/", to: "core0", limit: 0).isEmpty)
    }

    @Test func transactionsEncryptEveryPut() async throws {
        let (barrier, physical, _) = try await Self.unsealedBarrier()
        try await barrier.put("old", [9])
        try await barrier.transaction([.put("token/1", [1]), .put("token/index/1", [2]), .delete("old")])

        #expect(try await barrier.get("token/1") == [1])
        #expect(try await barrier.get("token/index/1") == [2])
        #expect(try await barrier.get("old") == nil)
        #expect(try await physical.get("token/1")?.count == 1 + 4 + 12 + 1 + 16)
    }

    @Test func everyAlteredByteIsCorrupt() async throws {
        let (barrier, physical, _) = try await Self.unsealedBarrier()
        try await barrier.put("secret/x", [1, 2, 3, 4])
        let stored = try #require(try await physical.get("secret/x"))

        for index in stored.indices {
            var altered = stored
            altered[index] ^= 0x01
            try await physical.put("secret/x", altered)
            let error = await Self.storageError { _ = try await barrier.get("secret/x") }
            #expect(error?.code == .corrupt, "byte \(index)")
            #expect(error?.message.hasSuffix("at secret/x") == true)
        }
        for truncated in [[], Array(stored.prefix(20)), Array(stored.dropLast())] {
            try await physical.put("secret/x", truncated)
            #expect(await Self.storageError { _ = try await barrier.get("secret/x") }?.code == .corrupt)
        }
    }

    @Test func ciphertextsCannotMoveBetweenKeys() async throws {
        let (barrier, physical, _) = try await Self.unsealedBarrier()
        try await barrier.put("policy/admin", Array("admin".utf8))
        try await barrier.put("policy/guest", Array("guest".utf8))
        let admin = try #require(try await physical.get("policy/admin"))
        try await physical.put("policy/guest", admin)

        let error = await Self.storageError { _ = try await barrier.get("policy/guest") }
        #expect(error?.code == .corrupt)
        #expect(error?.message == "stored value failed authentication at policy/guest")
        #expect(
            await Self.storageError { _ = try await barrier.scan(from: "policy/", to: "policy0", limit: 10) }?.code
                == .corrupt)
    }

    @Test func keyringIsNotReachableThroughTheBarrier() async throws {
        let (barrier, physical, _) = try await Self.unsealedBarrier()
        let keyring = try await physical.get(Barrier.keyringKey)
        #expect(keyring != nil)

        #expect(await Self.storageError { _ = try await barrier.get(Barrier.keyringKey) }?.code == .invalidArgument)
        #expect(await Self.storageError { try await barrier.put(Barrier.keyringKey, [1]) }?.code == .invalidArgument)
        #expect(await Self.storageError { try await barrier.delete(Barrier.keyringKey) }?.code == .invalidArgument)
        let transaction = await Self.storageError {
            try await barrier.transaction([.put("fine", [1]), .delete(Barrier.keyringKey)])
        }
        #expect(transaction?.code == .invalidArgument)
        #expect(try await physical.get("fine") == nil)
        #expect(try await physical.get(Barrier.keyringKey) == keyring)
    }

    @Test func wrongRootKeyDoesNotUnseal() async throws {
        let (barrier, physical, rootKey) = try await Self.unsealedBarrier()
        try await barrier.put("a", [1])
        let other = Barrier(physical: physical)

        #expect(await Self.sealError { try await other.unseal(rootKey: Self.randomKey()) }?.code == .wrongKey)
        #expect(await Self.sealError { try await other.unseal(rootKey: Array(rootKey.prefix(16))) }?.code == .wrongKey)
        #expect(other.isSealed)

        try await other.unseal(rootKey: rootKey)
        #expect(try await other.get("a") == [1])
    }

    @Test func alteredKeyringDoesNotUnseal() async throws {
        let (_, physical, rootKey) = try await Self.unsealedBarrier()
        var keyring = try #require(try await physical.get(Barrier.keyringKey))
        keyring[2] ^= 0x01
        try await physical.put(Barrier.keyringKey, keyring)

        let barrier = Barrier(physical: physical)
        #expect(await Self.sealError { try await barrier.unseal(rootKey: rootKey) }?.code == .wrongKey)
        #expect(barrier.isSealed)
    }

    @Test func sealedBarrierRefusesEveryCall() async throws {
        let (barrier, _, rootKey) = try await Self.unsealedBarrier()
        try await barrier.put("a", [1])
        barrier.seal()

        #expect(barrier.isSealed)
        #expect(barrier.keyStatus() == nil)
        let calls: [() async throws -> Void] = [
            { _ = try await barrier.get("a") },
            { try await barrier.put("a", [2]) },
            { try await barrier.delete("a") },
            { _ = try await barrier.list(prefix: "") },
            { _ = try await barrier.scan(from: "", to: "~", limit: 10) },
            { try await barrier.transaction([.put("b", [1])]) },
            { _ = try await barrier.rotate() },
        ]
        for call in calls {
            let error = await Self.storageError(call)
            #expect(error?.code == .unavailable)
            #expect(error?.message == "Vault is sealed")
        }

        try await barrier.unseal(rootKey: rootKey)
        #expect(try await barrier.get("a") == [1])
    }

    @Test func rotationKeepsOldTermsReadable() async throws {
        let (barrier, physical, rootKey) = try await Self.unsealedBarrier()
        #expect(barrier.keyStatus()?.term == 1)
        #expect(barrier.keyStatus()?.installTime == Self.installTime)
        try await barrier.put("before", [1])

        #expect(try await barrier.rotate() == 2)
        #expect(barrier.keyStatus()?.term == 2)
        try await barrier.put("after", [2])
        #expect(Self.term(of: try #require(try await physical.get("before"))) == 1)
        #expect(Self.term(of: try #require(try await physical.get("after"))) == 2)
        #expect(try await barrier.get("before") == [1])
        #expect(try await barrier.get("after") == [2])

        let reopened = Barrier(physical: physical)
        try await reopened.unseal(rootKey: rootKey)
        #expect(reopened.keyStatus()?.term == 2)
        #expect(try await reopened.get("before") == [1])
        #expect(try await reopened.get("after") == [2])
    }

    @Test func valueUnderAnUnknownTermIsCorrupt() async throws {
        let (barrier, physical, rootKey) = try await Self.unsealedBarrier()
        let stale = Barrier(physical: physical)
        try await stale.unseal(rootKey: rootKey)
        _ = try await barrier.rotate()
        try await barrier.put("new", [1])

        let error = await Self.storageError { _ = try await stale.get("new") }
        #expect(error?.code == .corrupt)
        #expect(error?.message == "stored value is encrypted under unknown key term 2 at new")
    }

    @Test func concurrentRotationsEachAddOneTerm() async throws {
        let physical = SuspendingStorage()
        let rootKey = Self.randomKey()
        let barrier = Barrier(physical: physical)
        try await barrier.initialize(rootKey: rootKey)
        try await barrier.unseal(rootKey: rootKey)
        let terms = try await withThrowingTaskGroup(of: UInt32.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await barrier.put("key/\(index)", [UInt8(index)])
                    return try await barrier.rotate()
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(terms.sorted() == Array(2...9))

        let reopened = Barrier(physical: physical)
        try await reopened.unseal(rootKey: rootKey)
        #expect(reopened.keyStatus()?.term == 9)
        for index in 0..<8 {
            #expect(try await reopened.get("key/\(index)") == [UInt8(index)])
        }
    }

    @Test func initializationHappensOnce() async throws {
        let physical = InMemoryStorage()
        let barrier = Barrier(physical: physical)
        let rootKey = Self.randomKey()
        #expect(try await barrier.isInitialized() == false)
        #expect(await Self.sealError { try await barrier.unseal(rootKey: rootKey) }?.code == .notInitialized)
        #expect(await Self.sealError { try await barrier.initialize(rootKey: [1, 2, 3]) }?.code == .invalidKey)

        try await barrier.initialize(rootKey: rootKey)
        #expect(try await barrier.isInitialized())
        #expect(barrier.isSealed)
        let keyring = try await physical.get(Barrier.keyringKey)

        let again = await Self.sealError { try await barrier.initialize(rootKey: Self.randomKey()) }
        #expect(again == SealError(.alreadyInitialized, "Vault is already initialized"))
        #expect(try await physical.get(Barrier.keyringKey) == keyring)
        try await barrier.unseal(rootKey: rootKey)
        #expect(!barrier.isSealed)
    }
}

/// In-memory storage that suspends before every write, so concurrent callers interleave.
private struct SuspendingStorage: Storage {
    let base = InMemoryStorage()

    func get(_ key: String) async throws(StorageError) -> [UInt8]? { try await base.get(key) }

    func put(_ key: String, _ value: [UInt8]) async throws(StorageError) {
        await Task.yield()
        try await base.put(key, value)
    }

    func delete(_ key: String) async throws(StorageError) { try await base.delete(key) }

    func list(prefix: String) async throws(StorageError) -> [String] { try await base.list(prefix: prefix) }

    func scan(from start: String, to end: String, limit: Int) async throws(StorageError) -> [StorageEntry] {
        try await base.scan(from: start, to: end, limit: limit)
    }

    func transaction(_ operations: [StorageOperation]) async throws(StorageError) {
        try await base.transaction(operations)
    }
}
