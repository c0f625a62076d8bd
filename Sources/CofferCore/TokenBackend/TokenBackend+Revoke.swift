import CofferAPI

/// `auth/token/revoke*`, `accessors`, `tidy`.
extension TokenBackend {
    func revokeSelf(_ request: BackendRequest) async throws -> Response? {
        let token = try caller(request)
        try await core.tokens.revokeTree(try serviceKey(token, action: "revoked"))
        return nil
    }

    /// Revoking an unknown or already revoked token succeeds, as in Vault.
    func revoke(_ request: BackendRequest) async throws -> Response? {
        guard let value = try request.fields.string("token"), !value.isEmpty else {
            throw CoreError.badRequest("missing token ID")
        }
        guard let token = try await core.tokens.resolve(value) else { return nil }
        try await core.tokens.revokeTree(try serviceKey(token, action: "revoked"))
        return nil
    }

    /// An unknown accessor is not an error: the answer carries a warning instead.
    func revokeAccessor(_ request: BackendRequest) async throws -> Response? {
        guard let accessor = try request.fields.string("accessor"), !accessor.isEmpty else {
            throw CoreError.badRequest("1 error occurred:\n\t* missing accessor\n\n")
        }
        guard let key = try await core.tokens.key(forAccessor: accessor), try await core.tokens.liveEntry(key) != nil
        else { return Response(warnings: ["No token found with this accessor"]) }
        try await core.tokens.revokeTree(key)
        return nil
    }

    func revokeOrphan(_ request: BackendRequest) async throws -> Response? {
        guard let value = try request.fields.string("token"), !value.isEmpty else {
            throw CoreError.badRequest("missing token ID")
        }
        guard let token = try await core.tokens.resolve(value) else {
            throw CoreError.badRequest("token to revoke not found")
        }
        try await core.tokens.revokeOrphan(try serviceKey(token, action: "revoked"))
        return nil
    }

    func listAccessors(_ request: BackendRequest) async throws -> Response? {
        let accessors = try await core.tokens.accessors()
        return Response(data: ["keys": .array(accessors.map { .string($0) })])
    }

    func tidy(_ request: BackendRequest) async throws -> Response? {
        let removed = try await core.tokens.tidy()
        core.logger.info("token tidy finished", metadata: ["removed index entries": "\(removed)"])
        return Response(
            warnings: [
                "Tidy operation successfully started. Any information from the operation will be printed to Coffer's server logs."
            ], status: 202)
    }
}
