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
    let tokens: TokenStore
    /// Every lease, of secrets and of tokens, and their revocation when due.
    let leases: ExpirationManager
    /// The enabled audit devices; while any is, every request is recorded before it runs.
    let audit: AuditBroker
    /// ACL policies; compiled ACLs are cached per policy set.
    public let policies = PolicyStore()
    let sealManager: SealManager
    let logger: Logger
    /// The clock every TTL is measured by (unix seconds); tests drive their own.
    let now: @Sendable () -> Int64
    /// True once the barrier is open and mounts and tokens are loaded.
    private let active = Mutex(false)
    let clusterID = Mutex("")
    let expirySweep = Mutex<Task<Void, Never>?>(nil)
    /// Counts requests so the expiry sweep can let them go first.
    let sweepPacer = SweepPacer()
    /// Mount moves made since unseal, by migration id.
    let remounts = Mutex<[String: RemountRecord]>([:])

    public init(
        storage: any Storage, engines: EngineRegistry, config: CoreConfig = CoreConfig(), logger: Logger,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.config = config
        self.now = now
        self.tokens = TokenStore(now: now)
        self.physical = storage
        self.barrier = Barrier(physical: storage)
        self.mounts = MountTable(registry: engines)
        self.sealManager = SealManager(physical: storage, barrier: barrier)
        self.logger = logger
        self.audit = AuditBroker(logger: logger)
        self.leases = ExpirationManager(
            storage: barrier, tokens: tokens, mounts: mounts, limits: { Core.limits(of: $0, server: config) }, now: now,
            logger: logger)
    }

    /// True when requests other than the seal endpoints can be served.
    public var isUnsealed: Bool { active.withLock { $0 } }

    var systemBackend: SystemBackend { SystemBackend(core: self) }

    /// The TTL bounds for new tokens: the `auth/token/` mount's tuning, else the server's.
    var tokenLimits: TTLLimits {
        let entry = mounts.entry(at: MountTable.tokenPath)
        let maxTTL = (entry?.maxLeaseTTL ?? 0) > 0 ? entry!.maxLeaseTTL : config.maxLeaseTTL
        let defaultTTL = (entry?.defaultLeaseTTL ?? 0) > 0 ? entry!.defaultLeaseTTL : config.defaultLeaseTTL
        return TTLLimits(defaultTTL: min(defaultTTL, maxTTL), maxTTL: maxTTL)
    }

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
        try await tokens.load(storage: barrier)
        do {
            try await barrier.put(ClusterIdentity.storageKey, ClusterIdentity.fresh(name: config.clusterName).encoded())
        } catch {
            throw .internalError("initialization failed: \(error.message)")
        }
        var root = TokenCreation()
        root.policies = ["root"]
        root.orphan = true
        let limits = TTLLimits(defaultTTL: config.defaultLeaseTTL, maxTTL: config.maxLeaseTTL)
        return try await tokens.create(root, issuer: .server, limits: limits, id: rootTokenID).value
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
        stopExpirySweep()
        audit.clear()
        mounts.clear()
        tokens.clear()
        policies.clear()
        await sealManager.seal()
        logger.info("sealed")
    }

    /// The current seal status.
    public func sealStatus() async throws(CoreError) -> SealStatus {
        try await sealManager.status()
    }

    /// Dev mode: initialize with one share, unseal, and mount KV version 2 at `secret/`, as Vault does.
    public func startDev(rootTokenID: String?) async throws(CoreError) -> InitResult {
        let result = try await initialize(shares: 1, threshold: 1, rootTokenID: rootTokenID)
        _ = try await unseal(share: result.shares[0])
        try await mounts.enable(
            path: "secret/", type: "kv", description: "key/value secret storage", options: ["version": "2"],
            defaultLeaseTTL: 0, maxLeaseTTL: 0, storage: barrier)
        return result
    }

    private func activate() async throws(CoreError) {
        do {
            try await tokens.load(storage: barrier)
            try await policies.load(storage: barrier)
            try await mounts.load(
                storage: barrier,
                builtins: ["system": systemBackend, "token": TokenBackend(core: self), "cubbyhole": CubbyholeBackend()])
            let identity = try await ClusterIdentity.load(from: barrier)
            clusterID.withLock { $0 = identity?.id ?? "" }
            try await loadAuditDevices()
        } catch let error as CoreError {
            await seal()
            throw error
        } catch {
            await seal()
            throw .internalError("failed to load state after unseal: \(error)")
        }
        active.withLock { $0 = true }
        startExpirySweep()
        logger.info("unsealed")
    }
}
