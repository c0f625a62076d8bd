import CofferAPI

/// `auth/token/lookup*` and `auth/token/renew*`.
extension TokenBackend {
    func lookupSelf(_ request: BackendRequest) async throws -> Response? {
        let token = try caller(request)
        return Response(data: token.entry.lookupData(id: token.value, now: core.now()))
    }

    func lookup(_ request: BackendRequest) async throws -> Response? {
        let named = try request.fields.string("token") ?? ""
        let token = named.isEmpty ? try caller(request) : try await namedToken(request)
        return Response(data: token.entry.lookupData(id: token.value, now: core.now()))
    }

    func lookupAccessor(_ request: BackendRequest) async throws -> Response? {
        let key = try await accessorKey(request)
        guard let entry = try await core.tokens.liveEntry(key) else { throw Self.invalidAccessor }
        return Response(data: entry.lookupData(id: "", now: core.now()))
    }

    func renewSelf(_ request: BackendRequest) async throws -> Response? {
        let token = try caller(request)
        return try await renew(token, key: try serviceKey(token, action: "renewed"), request: request)
    }

    func renew(_ request: BackendRequest) async throws -> Response? {
        guard let value = try request.fields.string("token"), !value.isEmpty else {
            throw CoreError.badRequest("missing token ID")
        }
        guard let token = try await core.tokens.resolve(value) else { throw CoreError.badRequest("token not found") }
        return try await renew(token, key: try serviceKey(token, action: "renewed"), request: request)
    }

    func renewAccessor(_ request: BackendRequest) async throws -> Response? {
        let key = try await accessorKey(request)
        guard let entry = try await core.tokens.liveEntry(key) else { throw Self.invalidAccessor }
        let response = try await renew(ResolvedToken(value: "", key: key, entry: entry), key: key, request: request)
        return response
    }

    private func renew(_ token: ResolvedToken, key: String, request: BackendRequest) async throws -> Response {
        let increment = try request.fields.duration("increment") ?? 0
        let limits = try await renewalLimits(token.entry)
        let (entry, warnings) = try await core.tokens.renew(key, increment: increment, limits: limits)
        return Response(auth: entry.authBlock(token: token.value, now: core.now()), warnings: warnings)
    }

    /// The bounds a renewal must keep: for a login's token, what its auth method says now (which
    /// refuses when, say, the role is gone) within its mount's; otherwise the token mount's.
    private func renewalLimits(_ entry: TokenEntry) async throws -> TTLLimits {
        guard let (mount, _) = core.mounts.route(entry.path), mount.entry.path != MountTable.tokenPath,
            let method = mount.backend as? any CredentialBackend
        else { return core.tokenLimits }
        let grant = try await method.renewal(of: entry, storage: mount.storage)
        return core.limits(of: grant, on: mount.entry)
    }
}
