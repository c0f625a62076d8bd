import Foundation

extension Core {
    /// Revokes every token whose TTL has run out, with its children; returns how many. Requests
    /// go first between batches (see `SweepPacer`).
    @discardableResult
    public func revokeExpiredTokens() async throws(CoreError) -> Int {
        try await tokens.revokeExpired(pacer: sweepPacer)
    }

    /// Revokes every lease that is due, through the engine that issued it; returns how many. A
    /// failed revocation is retried later, then marked irrevocable. Requests go first between
    /// batches.
    @discardableResult
    public func revokeDueLeases() async -> Int {
        await leases.revokeDue(pacer: sweepPacer)
    }

    /// Starts the once-a-second sweep of expired tokens and due leases; it stops when the core seals.
    func startExpirySweep() {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                guard let self, self.isUnsealed else { return }
                do {
                    try await self.revokeExpiredTokens()
                } catch {
                    self.logger.error("expired token sweep failed", metadata: ["error": "\(error)"])
                }
                await self.revokeDueLeases()
            }
        }
        expirySweep.withLock { $0 = task }
    }

    func stopExpirySweep() {
        expirySweep.withLock {
            $0?.cancel()
            $0 = nil
        }
    }
}
