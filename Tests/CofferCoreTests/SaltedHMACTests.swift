@testable import CofferCore
import Crypto
import Testing

@Suite("salted HMAC")
struct SaltedHMACTests {
    private let key = SymmetricKey(data: (0..<32).map { UInt8($0) })

    private func expectedCode(_ value: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(value.utf8), using: key))
    }

    @Test func hexHashesAreHMACSHA256AndRepeatable() {
        let salt = SaltedHMAC(key: key, encoding: .hex)
        for value in ["", "hvs.abc", "accessor-é", String(repeating: "x", count: 200)] {
            let expected = expectedCode(value).map { String(format: "%02x", $0) }.joined()
            #expect(salt.hash(value) == expected)
            #expect(salt.hash(value) == expected)
        }
    }

    @Test func base64URLHashesCarryTheSameCodeIn43Characters() {
        let salt = SaltedHMAC(key: key, encoding: .base64url)
        for value in ["", "hvs.abc", "accessor-é", String(repeating: "x", count: 200)] {
            let hash = salt.hash(value)
            #expect(hash.utf8.count == 43)
            #expect(!hash.contains("/"))
            #expect(Base64URL.decode(hash) == expectedCode(value))
        }
    }

    @Test(arguments: [0, 1, 63, 64, 65, 100])
    func keysOfAnyLengthHashAsHMACDoes(_ length: Int) {
        let key = SymmetricKey(data: (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        let salt = SaltedHMAC(key: key, encoding: .hex)
        let expected = HMAC<SHA256>.authenticationCode(for: Array("hvs.value".utf8), using: key)
            .map { String(format: "%02x", $0) }.joined()
        #expect(salt.hash("hvs.value") == expected)
    }

    @Test func aNewStoreKeysTokensInBase64URL() async throws {
        let storage = InMemoryStorage()
        let store = TokenStore(now: { 0 })
        try await store.load(storage: storage)
        #expect(try store.key(of: "hvs.example").utf8.count == 43)
        #expect(try await storage.get(TokenStore.saltEncodingKey) == Array("base64url".utf8))

        let reloaded = TokenStore(now: { 0 })
        try await reloaded.load(storage: storage)
        #expect(try reloaded.key(of: "hvs.example") == store.key(of: "hvs.example"))
    }

    @Test func aStoreFromBeforeTheEncodingRecordKeepsHexKeys() async throws {
        let storage = InMemoryStorage()
        try await storage.put(TokenStore.saltKey, Array(key.withUnsafeBytes { Array($0) }))
        let store = TokenStore(now: { 0 })
        try await store.load(storage: storage)
        let expected = expectedCode("hvs.example").map { String(format: "%02x", $0) }.joined()
        #expect(try store.key(of: "hvs.example") == expected)
        #expect(try await storage.get(TokenStore.saltEncodingKey) == nil)
    }

    @Test func anUnknownEncodingRecordStopsTheLoad() async throws {
        let storage = InMemoryStorage()
        try await storage.put(TokenStore.saltKey, Array(repeating: 7, count: 32))
        try await storage.put(TokenStore.saltEncodingKey, Array("base32".utf8))
        await #expect(throws: CoreError.self) { try await TokenStore(now: { 0 }).load(storage: storage) }
    }
}
