/// Turning an auth method's `LoginGrant` into a token, with the mount's TTL bounds.
extension Core {
    /// The TTL bounds of a mount: its tuning, else the server's, and never past the server's max
    /// (a mount stored with a longer one is held to it).
    func limits(of mount: MountEntry) -> TTLLimits {
        Self.limits(of: mount, server: config)
    }

    static func limits(of mount: MountEntry, server config: CoreConfig) -> TTLLimits {
        let maxTTL = mount.maxLeaseTTL > 0 ? min(mount.maxLeaseTTL, config.maxLeaseTTL) : config.maxLeaseTTL
        let defaultTTL = mount.defaultLeaseTTL > 0 ? mount.defaultLeaseTTL : config.defaultLeaseTTL
        return TTLLimits(defaultTTL: min(defaultTTL, maxTTL), maxTTL: maxTTL)
    }

    /// The bounds for a login's token: the grant's TTL and max TTL within the mount's.
    func limits(of grant: LoginGrant, on mount: MountEntry) -> TTLLimits {
        let bounds = limits(of: mount)
        let maxTTL = grant.maxTTL > 0 ? min(grant.maxTTL, bounds.maxTTL) : bounds.maxTTL
        let defaultTTL = grant.ttl > 0 ? grant.ttl : bounds.defaultTTL
        return TTLLimits(defaultTTL: min(defaultTTL, maxTTL), maxTTL: maxTTL)
    }

    /// Issues the orphan token a login grants and answers with its `auth` block. The token's path
    /// is the login path and its display name the mount's path (`approle`), followed by the grant's
    /// own display name if it has one (`userpass-alice`), as in Vault.
    func issueLogin(_ grant: LoginGrant, response: Response, mount: MountEntry, path: String)
        async throws(CoreError) -> Response
    {
        var creation = TokenCreation()
        creation.policies = grant.policies
        creation.meta = grant.metadata.isEmpty ? nil : grant.metadata
        creation.displayName = grant.displayName
        creation.displayNamePrefix = String(mount.path.droppingBytes(MountTable.authPrefix.utf8.count).droppingLastBytes(1))
            .replacingOccurrences(of: "/", with: "-")
        creation.numUses = grant.numUses
        creation.explicitMaxTTL = grant.explicitMaxTTL
        creation.period = grant.period
        creation.orphan = true
        creation.noDefaultPolicy = grant.noDefaultPolicy
        creation.boundCIDRs = grant.boundCIDRs.isEmpty ? nil : grant.boundCIDRs
        creation.path = path
        creation.type = try TokenBackend.tokenType(
            grant.tokenType == "batch" ? .batch : .service,
            explicit: grant.tokenType == "service" || grant.tokenType == "batch",
            defaultBatch: grant.tokenType == "default-batch",
            mountSetting: mount.options["token_type"] ?? "default-service")
        try TokenBackend.checkBatchFields(creation)
        let issued = try await tokens.create(creation, issuer: .login, limits: limits(of: grant, on: mount))
        var answer = response
        answer.login = nil
        answer.auth = issued.entry.authBlock(token: issued.value, now: issued.entry.creationTime)
        answer.warnings += issued.warnings
        return answer
    }
}
