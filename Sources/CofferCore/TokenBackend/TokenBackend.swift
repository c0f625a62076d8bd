import CofferAPI

/// The token auth method at `auth/token/`: create, look up, renew and revoke tokens, and roles.
/// Always mounted; cannot be disabled.
struct TokenBackend: Backend {
    unowned let core: Core

    let summary = "The token store: creates, looks up, renews and revokes tokens, and keeps token roles."

    var paths: [PathSpec] {
        [
            PathSpec("create", help: "Create a child token.").on(.update, handler: create)
                .fields(Self.creationFields),
            PathSpec("create-orphan", help: "Create a token with no parent.").on(.update, handler: createOrphan)
                .fields(Self.creationFields),
            PathSpec("create/{role_name}", help: "Create a token from a role.").on(.update, handler: createFromRole)
                .fields(Self.creationFields + [Self.roleNameField]),
            PathSpec("lookup-self", help: "Look up the calling token.").on(.read, .update, handler: lookupSelf)
                .fields(Self.tokenField),
            PathSpec("lookup", help: "Look up a token.").on(.read, .update, handler: lookup)
                .fields(Self.tokenField),
            PathSpec("lookup-accessor", help: "Look up a token by accessor.").on(.update, handler: lookupAccessor)
                .fields(Self.accessorField),
            PathSpec("renew-self", help: "Renew the calling token.").on(.update, handler: renewSelf)
                .fields(Self.tokenField, Self.incrementField),
            PathSpec("renew", help: "Renew a token.").on(.update, handler: renew)
                .fields(Self.tokenField, Self.incrementField),
            PathSpec("renew-accessor", help: "Renew a token by accessor.").on(.update, handler: renewAccessor)
                .fields(Self.accessorField, Self.incrementField),
            PathSpec("revoke-self", help: "Revoke the calling token and its children.").on(
                .update, handler: revokeSelf
            ).fields(),
            PathSpec("revoke", help: "Revoke a token and its children.").on(.update, handler: revoke)
                .fields(Self.tokenField),
            PathSpec("revoke-accessor", help: "Revoke a token by accessor.").on(.update, handler: revokeAccessor)
                .fields(Self.accessorField),
            PathSpec("revoke-orphan", help: "Revoke a token, orphaning its children.").on(
                .update, handler: revokeOrphan
            )
            .sudo().fields(Self.tokenField),
            PathSpec("accessors", help: "List token accessors.").on(.list, handler: listAccessors).sudo().fields(),
            PathSpec("roles", help: "List token roles.").on(.list, handler: listRoles).fields(),
            PathSpec("roles/{role_name}", help: "Manage a token role.")
                .on(.read, handler: readRole).on(.create, .update, handler: writeRole).on(.delete, handler: deleteRole)
                .fields(TokenRole.fields + [Self.roleNameField]),
            PathSpec("tidy", help: "Remove index entries of tokens that no longer exist.").on(.update, handler: tidy)
                .fields(),
        ]
    }

    static let roleNameField = FieldSpec("role_name", .string, "The name of the token role.")
    static let tokenField = FieldSpec("token", .string, "The token; the calling token where none is given.")
    static let accessorField = FieldSpec("accessor", .string, "The accessor of the token.")
    static let incrementField = FieldSpec(
        "increment", .duration, "The seconds of life to ask for from now; 0 asks for the token's TTL.", default: 0)

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
        guard let token = try request.fields.string("token"), !token.isEmpty else {
            throw .badRequest("missing token")
        }
        guard let resolved = try await core.tokens.resolve(token) else {
            throw CoreError(.permissionDenied, ["bad token"])
        }
        return resolved
    }

    /// The storage key of the token whose accessor is in the body.
    func accessorKey(_ request: BackendRequest) async throws(CoreError) -> String {
        guard let accessor = try request.fields.string("accessor"), !accessor.isEmpty else {
            throw .badRequest("1 error occurred:\n\t* missing accessor\n\n")
        }
        guard let key = try await core.tokens.key(forAccessor: accessor), try await core.tokens.liveEntry(key) != nil
        else { throw Self.invalidAccessor }
        return key
    }
}
