import CofferAPI
import Foundation
import Logging
import Synchronization

/// The heart of the server: seal state, mounts, tokens, and the request pipeline.
///
/// It knows no HTTP. While sealed it answers only the paths that declare `whileSealed`.
public final class Core: Sendable {
    public let config: CoreConfig
    let physical: any Storage
    let barrier: Barrier
    let mounts: MountTable
    let tokens = TokenStore()
    let sealManager: SealManager
    let logger: Logger
    /// True once the barrier is open and mounts and tokens are loaded.
    private let active = Mutex(false)
    let clusterID = Mutex("")

    public init(storage: any Storage, engines: EngineRegistry, config: CoreConfig = CoreConfig(), logger: Logger) {
        self.config = config
        self.physical = storage
        self.barrier = Barrier(physical: storage)
        self.mounts = MountTable(registry: engines)
        self.sealManager = SealManager(physical: storage, barrier: barrier)
        self.logger = logger
    }

    /// True when requests other than the seal endpoints can be served.
    public var isUnsealed: Bool { active.withLock { $0 } }

    var systemBackend: SystemBackend { SystemBackend(core: self) }

    /// Initializes storage with a new root key split into `shares`, and creates the root token.
    /// The server stays sealed afterwards, as Vault's does.
    public func initialize(shares: Int, threshold: Int, rootTokenID: String? = nil) async throws(CoreError)
        -> InitResult
    {
        let (split, _) = try await sealManager.initialize(shares: shares, threshold: threshold)
        let rootToken: String
        do {
            rootToken = try await writeFirstData(rootTokenID: rootTokenID)
        } catch {
            tokens.clear()
            await sealManager.seal()
            throw error
        }
        tokens.clear()
        await sealManager.seal()
        logger.info("initialized", metadata: ["shares": "\(shares)", "threshold": "\(threshold)"])
        return InitResult(shares: split, rootToken: rootToken)
    }

    private func writeFirstData(rootTokenID: String?) async throws(CoreError) -> String {
        do {
            try await tokens.load(storage: barrier)
            try await barrier.put(ClusterIdentity.storageKey, ClusterIdentity.fresh(name: config.clusterName).encoded())
        } catch {
            throw .internalError("initialization failed: \(error.message)")
        }
        return try await tokens.createRoot(id: rootTokenID)
    }

    /// Submits one unseal share; returns the seal status afterwards.
    public func unseal(share: [UInt8]) async throws(CoreError) -> SealStatus {
        if try await sealManager.submit(share) == .unsealed, !isUnsealed {
            try await activate()
        }
        return try await sealManager.status()
    }

    /// Forgets submitted unseal shares.
    public func resetUnseal() async {
        await sealManager.reset()
    }

    /// Seals: drops every key, mount and cached token from memory.
    public func seal() async {
        active.withLock { $0 = false }
        mounts.clear()
        tokens.clear()
        await sealManager.seal()
        logger.info("sealed")
    }

    /// The current seal status.
    public func sealStatus() async throws(CoreError) -> SealStatus {
        try await sealManager.status()
    }

    /// Dev mode: initialize with one share, unseal, and mount a KV engine at `secret/`.
    public func startDev(rootTokenID: String?) async throws(CoreError) -> InitResult {
        let result = try await initialize(shares: 1, threshold: 1, rootTokenID: rootTokenID)
        _ = try await unseal(share: result.shares[0])
        try await mounts.enable(
            path: "secret/", type: "kv", description: "key/value secret storage", options: ["version": "1"],
            defaultLeaseTTL: 0, maxLeaseTTL: 0, storage: barrier)
        return result
    }

    private func activate() async throws(CoreError) {
        do {
            try await tokens.load(storage: barrier)
            try await mounts.load(storage: barrier, system: systemBackend)
            let identity = try await ClusterIdentity.load(from: barrier)
            clusterID.withLock { $0 = identity?.id ?? "" }
        } catch let error as CoreError {
            await seal()
            throw error
        } catch {
            await seal()
            throw .internalError("failed to load state after unseal: \(error)")
        }
        active.withLock { $0 = true }
        logger.info("unsealed")
    }
}
