import CofferAPI

/// The token auth method at `auth/token/`: create, look up, renew and revoke tokens, and roles.
/// Always mounted; cannot be disabled.
struct TokenBackend: Backend {
    unowned let core: Core

    let summary = "The token store: creates, looks up, renews and revokes tokens, and keeps token roles."

    var paths: [PathSpec] {
        [
            PathSpec("create", help: "Create a child token.").on(.update, handler: create),
            PathSpec("create-orphan", help: "Create a token with no parent.").on(.update, handler: createOrphan),
            PathSpec("create/{role}", help: "Create a token from a role.").on(.update, handler: createFromRole),
            PathSpec("lookup-self", help: "Look up the calling token.").on(.read, .update, handler: lookupSelf),
            PathSpec("lookup", help: "Look up a token.").on(.read, .update, handler: lookup),
            PathSpec("lookup-accessor", help: "Look up a token by accessor.").on(.update, handler: lookupAccessor),
            PathSpec("renew-self", help: "Renew the calling token.").on(.update, handler: renewSelf),
            PathSpec("renew", help: "Renew a token.").on(.update, handler: renew),
            PathSpec("renew-accessor", help: "Renew a token by accessor.").on(.update, handler: renewAccessor),
            PathSpec("revoke-self", help: "Revoke the calling token and its children.").on(
                .update, handler: revokeSelf),
            PathSpec("revoke", help: "Revoke a token and its children.").on(.update, handler: revoke),
            PathSpec("revoke-accessor", help: "Revoke a token by accessor.").on(.update, handler: revokeAccessor),
            PathSpec("revoke-orphan", help: "Revoke a token, orphaning its children.").on(
                .update, handler: revokeOrphan
            )
            .sudo(),
            PathSpec("accessors", help: "List token accessors.").on(.list, handler: listAccessors).sudo(),
            PathSpec("roles", help: "List token roles.").on(.list, handler: listRoles),
            PathSpec("roles/{name}", help: "Manage a token role.")
                .on(.read, handler: readRole).on(.create, .update, handler: writeRole).on(.delete, handler: deleteRole),
            PathSpec("tidy", help: "Remove index entries of tokens that no longer exist.").on(.update, handler: tidy),
        ]
    }

    static let invalidAccessor = CoreError.badRequest("1 error occurred:\n\t* invalid accessor\n\n")

    /// The caller; every path here needs a token.
    func caller(_ request: BackendRequest) throws(CoreError) -> ResolvedToken {
        guard let caller = request.caller else { throw .permissionDenied }
        return caller
    }

    /// The service token's storage key, or the batch-token refusal for `action`.
    func serviceKey(_ token: ResolvedToken, action: String) throws(CoreError) -> String {
        guard let key = token.key else { throw .badRequest("batch tokens cannot be \(action)") }
        return key
    }

    /// The token named in the body's `token` field, which must be live.
    func namedToken(_ request: BackendRequest) async throws(CoreError) -> ResolvedToken {
        guard let token = try FieldReader(request.data).string("token"), !token.isEmpty else {
            throw .badRequest("missing token")
        }
        guard let resolved = try await core.tokens.resolve(token) else {
            throw CoreError(.permissionDenied, ["bad token"])
        }
        return resolved
    }

    /// The storage key of the token whose accessor is in the body.
    func accessorKey(_ request: BackendRequest) async throws(CoreError) -> String {
        guard let accessor = try FieldReader(request.data).string("accessor"), !accessor.isEmpty else {
            throw .badRequest("1 error occurred:\n\t* missing accessor\n\n")
        }
        guard let key = try await core.tokens.key(forAccessor: accessor), try await core.tokens.liveEntry(key) != nil
        else { throw Self.invalidAccessor }
        return key
    }
}
