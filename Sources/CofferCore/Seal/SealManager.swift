import CofferAPI
import Foundation

/// The seal state machine: init, unseal progress, and sealing.
///
/// An actor, so unseal shares from concurrent requests are counted one at a time.
actor SealManager {
    /// What submitting one unseal share achieved.
    enum UnsealOutcome: Sendable {
        case progress
        case unsealed
    }

    private let physical: any Storage
    private let barrier: Barrier
    private var config: SealConfig?
    private var shares: [[UInt8]] = []
    private var nonce = ""

    init(physical: any Storage, barrier: Barrier) {
        self.physical = physical
        self.barrier = barrier
    }

    func isInitialized() async throws(CoreError) -> Bool {
        try await loadConfig() != nil
    }

    func status() async throws(CoreError) -> SealStatus {
        let config = try await loadConfig()
        return SealStatus(
            initialized: config != nil, sealed: barrier.isSealed,
            threshold: config?.secretThreshold ?? 0, shares: config?.secretShares ?? 0,
            progress: shares.count, nonce: nonce)
    }

    /// Creates the root key and keyring and returns the unseal shares and the root key.
    /// The barrier is left unsealed so the caller can write first data; it seals it after.
    func initialize(shares count: Int, threshold: Int) async throws(CoreError) -> (shares: [[UInt8]], rootKey: [UInt8])
    {
        if try await loadConfig() != nil { throw .badRequest("Vault is already initialized") }
        let unsealKey = Self.randomKey()
        let rootKey = Self.randomKey()
        let split: [[UInt8]]
        do { split = try Shamir.split(unsealKey, shares: count, threshold: threshold) } catch {
            throw .badRequest("invalid seal configuration: \(error.message)")
        }
        let newConfig = SealConfig(type: "shamir", secretShares: count, secretThreshold: threshold)
        do {
            try await barrier.initialize(rootKey: rootKey)
            try await physical.put(RootKeyWrap.storageKey, RootKeyWrap.seal(rootKey: rootKey, unsealKey: unsealKey))
            try await physical.put(SealConfig.storageKey, Array(JSONEncoder().encode(newConfig)))
            try await barrier.unseal(rootKey: rootKey)
        } catch {
            throw .internalError("initialization failed: \(error)")
        }
        config = newConfig
        return (split, rootKey)
    }

    /// Counts one share; on reaching the threshold, opens the barrier or resets on a wrong key.
    func submit(_ share: [UInt8]) async throws(CoreError) -> UnsealOutcome {
        guard let config = try await loadConfig() else {
            throw .badRequest("Vault is not initialized")
        }
        if !barrier.isSealed { return .unsealed }
        if config.secretThreshold == 1 {
            return try await open(unsealKey: share)
        }
        if shares.contains(share) { return .progress }
        if let first = shares.first, first.count != share.count {
            throw .badRequest("unseal key share has the wrong length")
        }
        if shares.isEmpty { nonce = UUID().uuidString.lowercased() }
        shares.append(share)
        guard shares.count >= config.secretThreshold else { return .progress }
        let collected = shares
        reset()
        let unsealKey: [UInt8]
        do { unsealKey = try Shamir.combine(collected) } catch {
            throw .badRequest("failed to combine unseal key shares: \(error.message)")
        }
        return try await open(unsealKey: unsealKey)
    }

    /// Forgets the shares submitted so far.
    func reset() {
        shares = []
        nonce = ""
    }

    /// Drops every key from memory.
    func seal() {
        reset()
        barrier.seal()
    }

    private func open(unsealKey: [UInt8]) async throws(CoreError) -> UnsealOutcome {
        let wrapped: [UInt8]?
        do { wrapped = try await physical.get(RootKeyWrap.storageKey) } catch {
            throw .internalError("failed to read the root key: \(error.message)")
        }
        guard let wrapped, let rootKey = RootKeyWrap.open(wrapped, unsealKey: unsealKey) else {
            throw .badRequest("failed to unseal: the unseal key is not correct")
        }
        do { try await barrier.unseal(rootKey: rootKey) } catch {
            throw .internalError("failed to open the barrier: \(error)")
        }
        return .unsealed
    }

    private func loadConfig() async throws(CoreError) -> SealConfig? {
        if let config { return config }
        let bytes: [UInt8]?
        do { bytes = try await physical.get(SealConfig.storageKey) } catch {
            throw .internalError("failed to read the seal configuration: \(error.message)")
        }
        guard let bytes else { return nil }
        guard let decoded = try? JSONDecoder().decode(SealConfig.self, from: Data(bytes)) else {
            throw .internalError("the stored seal configuration is unreadable")
        }
        config = decoded
        return decoded
    }

    private static func randomKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
