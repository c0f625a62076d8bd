import Crypto
import Foundation
import Synchronization

/// Tokens behind the barrier, stored under salted HMACs of their values so storage keys reveal nothing.
///
/// Lookups hit an in-memory cache first; a miss reads storage once.
public final class TokenStore: Sendable {
    static let saltKey = "core/token-salt"
    static let idPrefix = "token/id/"
    static let accessorPrefix = "token/accessor/"

    private struct Loaded: Sendable {
        var storage: any Storage
        var salt: [UInt8]
        var cache: [String: TokenEntry] = [:]
    }

    private let state = Mutex<Loaded?>(nil)

    init() {}

    /// Loads (or on first use creates) the salt; called after unseal.
    func load(storage: any Storage) async throws(StorageError) {
        var salt = try await storage.get(Self.saltKey)
        if salt == nil {
            let fresh = Self.randomBytes(32)
            try await storage.put(Self.saltKey, fresh)
            salt = fresh
        }
        let loadedSalt = salt ?? []
        state.withLock { $0 = Loaded(storage: storage, salt: loadedSalt) }
    }

    /// Forgets the salt and every cached entry (on seal).
    func clear() {
        state.withLock { $0 = nil }
    }

    /// Creates a root token; `id` fixes its value (dev mode's `-dev-root-token-id`).
    func createRoot(id: String? = nil) async throws(CoreError) -> String {
        guard let (storage, salt) = state.withLock({ $0.map { ($0.storage, $0.salt) } }) else { throw .sealed }
        let token = id ?? "hvs." + Self.randomText(24)
        let accessor = Self.randomText(24)
        let entry = TokenEntry(
            accessor: accessor, policies: ["root"], displayName: "root", path: "auth/token/root",
            creationTime: Int64(Date().timeIntervalSince1970))
        let hashed = Self.hash(token, salt: salt)
        do {
            let encoded = Array(try JSONEncoder().encode(entry))
            try await storage.transaction([
                .put(Self.idPrefix + hashed, encoded),
                .put(Self.accessorPrefix + Self.hash(accessor, salt: salt), Array(hashed.utf8)),
            ])
        } catch let error as StorageError {
            throw .internalError("failed to store the root token: \(error.message)")
        } catch {
            throw .internalError("failed to encode the root token")
        }
        state.withLock { $0?.cache[hashed] = entry }
        return token
    }

    /// The entry of a live token, or nil for an unknown one.
    public func lookup(_ token: String) async throws(CoreError) -> TokenEntry? {
        guard let (storage, salt) = state.withLock({ $0.map { ($0.storage, $0.salt) } }) else { throw .sealed }
        let hashed = Self.hash(token, salt: salt)
        if let cached = state.withLock({ $0?.cache[hashed] }) { return cached }
        let bytes: [UInt8]?
        do { bytes = try await storage.get(Self.idPrefix + hashed) } catch {
            throw .internalError("failed to read a token: \(error.message)")
        }
        guard let bytes, let entry = try? JSONDecoder().decode(TokenEntry.self, from: Data(bytes)) else { return nil }
        state.withLock { $0?.cache[hashed] = entry }
        return entry
    }

    static func hash(_ value: String, salt: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(value.utf8), using: SymmetricKey(data: salt))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    static func randomText(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
