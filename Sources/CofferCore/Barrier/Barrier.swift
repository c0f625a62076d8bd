import Crypto
import Foundation
import Synchronization

/// The encryption layer over physical storage: every value the core stores is encrypted with
/// AES-256-GCM under the keyring's active term, bound to its storage key.
///
/// The keyring is stored at `keyringKey`, encrypted by the root key, and never reachable through
/// the barrier's own `Storage` methods. While sealed no key is in memory and every storage call
/// fails with `.unavailable` "Vault is sealed". Reads take a lock only to copy the keyring.
public final class Barrier: Sendable {
    /// The physical key of the keyring, encrypted by the root key.
    public static let keyringKey = "core/keyring"
    /// The only root key size the barrier accepts: 256 bits.
    public static let rootKeySize = 32

    /// The keys held while unsealed. Sendable by hand: `SymmetricKey` is never mutated once made.
    struct Unsealed: @unchecked Sendable {
        var rootKey: SymmetricKey
        var keyring: Keyring
    }

    let physical: any Storage
    private let now: @Sendable () -> Date
    private let state = Mutex<Unsealed?>(nil)
    private let keyChanges = SerialGate()

    /// A sealed barrier over `physical`; `now` stamps the install time of new key terms.
    public init(physical: any Storage, now: @escaping @Sendable () -> Date = { Date() }) {
        self.physical = physical
        self.now = now
    }

    /// Whether a keyring exists in physical storage.
    public func isInitialized() async throws(StorageError) -> Bool {
        try await physical.get(Self.keyringKey) != nil
    }

    /// Creates a keyring with term 1 and a fresh random key, encrypted by `rootKey`.
    ///
    /// Leaves the barrier sealed; `unseal(rootKey:)` opens it. Fails with `.alreadyInitialized`
    /// rather than replace an existing keyring.
    public func initialize(rootKey: [UInt8]) async throws(SealError) {
        guard rootKey.count == Self.rootKeySize else {
            throw SealError(.invalidKey, "the root key must be \(Self.rootKeySize) bytes")
        }
        try await keyChanges.run { () async throws(SealError) in
            let initialized: Bool
            do throws(StorageError) { initialized = try await isInitialized() } catch { throw SealError(error) }
            guard !initialized else {
                throw SealError(.alreadyInitialized, "Vault is already initialized")
            }
            let keyring = Keyring(installTime: now())
            do throws(StorageError) { try await store(keyring, rootKey: SymmetricKey(data: rootKey)) } catch {
                throw SealError(error)
            }
        }
    }

    /// Opens the barrier: decrypts the keyring with `rootKey` and holds its keys in memory.
    ///
    /// A wrong key fails with `.wrongKey` and changes nothing; so does an altered keyring, which
    /// authentication cannot tell apart from a wrong key.
    public func unseal(rootKey: [UInt8]) async throws(SealError) {
        try await keyChanges.run { () async throws(SealError) in
            let stored: [UInt8]?
            do throws(StorageError) { stored = try await physical.get(Self.keyringKey) } catch {
                throw SealError(error)
            }
            guard let stored else {
                throw SealError(.notInitialized, "Vault is not initialized")
            }
            let key = SymmetricKey(data: rootKey)
            guard rootKey.count == Self.rootKeySize, BarrierCiphertext.term(of: stored) == 0,
                let plaintext = BarrierCiphertext.open(stored, key: key, associatedData: Self.keyringAssociatedData)
            else {
                throw SealError(.wrongKey, "the root key does not decrypt the keyring")
            }
            guard let keyring = Keyring(serialized: plaintext) else {
                throw SealError(.storage(.corrupt), "the keyring at \(Self.keyringKey) is malformed")
            }
            state.withLock { $0 = Unsealed(rootKey: key, keyring: keyring) }
        }
    }

    /// Drops the root key and every data key from memory.
    public func seal() {
        state.withLock { $0 = nil }
    }

    /// Whether the barrier holds no keys.
    public var isSealed: Bool {
        state.withLock { $0 == nil }
    }

    /// Adds a key term with a fresh random key and makes it active; older terms still decrypt.
    ///
    /// The new term is stored durably before any value is encrypted under it. Returns the new term.
    public func rotate() async throws(StorageError) -> UInt32 {
        try await keyChanges.run { () async throws(StorageError) -> UInt32 in
            let current = try unsealed()
            let next = current.keyring.rotated(installTime: now())
            try await store(next, rootKey: current.rootKey)
            state.withLock { unsealed in
                unsealed?.keyring = next
            }
            return next.activeTerm
        }
    }

    /// The active key term and when it was installed (`sys/key-status`); nil while sealed.
    public func keyStatus() -> (term: UInt32, installTime: Date)? {
        state.withLock { unsealed in
            unsealed.map { ($0.keyring.activeTerm, $0.keyring.active.installTime) }
        }
    }

    /// The keys in memory, or `.unavailable` "Vault is sealed".
    func unsealed() throws(StorageError) -> Unsealed {
        guard let unsealed = state.withLock({ $0 }) else {
            throw StorageError(.unavailable, "Vault is sealed")
        }
        return unsealed
    }

    private static let keyringAssociatedData = Array(keyringKey.utf8)

    /// Writes `keyring` to physical storage encrypted by `rootKey`, labelled term 0.
    private func store(_ keyring: Keyring, rootKey: SymmetricKey) async throws(StorageError) {
        let sealed = try BarrierCiphertext.seal(
            keyring.serialized(), key: rootKey, term: 0, associatedData: Self.keyringAssociatedData)
        try await physical.put(Self.keyringKey, sealed)
    }
}
