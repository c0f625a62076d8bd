import CofferAPI

/// The `sys/` backend: seal lifecycle, health, and mounts. Always mounted; cannot be moved.
struct SystemBackend: Backend {
    unowned let core: Core

    let summary = "The system backend: the server's own state and settings (seal, mounts, auth methods, policies,\nleases, audit devices, response wrapping)."

    var paths: [PathSpec] {
        ([
            PathSpec("init", help: "Initialize a new server.")
                .on(.read, handler: initStatus).on(.update, handler: initialize).whileSealed(),
            PathSpec("seal-status", help: "The seal status.").on(.read, handler: sealStatus).whileSealed(),
            PathSpec("unseal", help: "Submit an unseal key share.").on(.update, handler: unseal).whileSealed(),
            PathSpec("seal", help: "Seal the server (needs sudo).").on(.update, handler: seal).whileSealed(),
            PathSpec("health", help: "Health as a status code.").on(.read, handler: health).whileSealed(),
            PathSpec("leader", help: "High-availability status.").on(.read, handler: leader).whileSealed(),
            PathSpec("mounts", help: "List secrets engines.").on(.read, handler: listMounts).fields(),
            PathSpec("mounts/{path*}/tune", help: "Tune a mount's TTLs and description.")
                .on(.read, handler: readMountTune).on(.update, handler: writeMountTune)
                .fields(Self.tuneFields + [Self.mountOptionsField]),
            PathSpec("mounts/{path*}", help: "Enable, read or disable a secrets engine.")
                .on(.read, handler: readMount).on(.update, handler: enableMount).on(.delete, handler: disableMount)
                .fields(
                    Self.enableFields + [
                        Self.mountOptionsField,
                        FieldSpec("version", .string, "The KV version, as a shorthand for options.version."),
                    ]),
            PathSpec("remount", help: "Move a secrets engine.").on(.update, handler: remount).sudo()
                .fields(
                    FieldSpec("from", .string, "The mount's path now."), FieldSpec("to", .string, "Its new path.")),
            PathSpec("remount/status/{id}", help: "The outcome of a mount move.").on(.read, handler: remountStatus)
                .fields(FieldSpec("id", .string, "The move's migration_id.")),
            PathSpec("auth", help: "List auth methods.").on(.read, handler: listAuthMounts).fields(),
            PathSpec("auth/{path*}/tune", help: "Tune an auth method.")
                .on(.read, handler: readAuthTune).on(.update, handler: writeAuthTune).sudo().fields(Self.tuneFields),
            PathSpec("auth/{path*}", help: "Enable or disable an auth method.")
                .on(.update, handler: enableAuth).on(.delete, handler: disableAuth).sudo().fields(Self.enableFields),
            PathSpec("policy", help: "List ACL policies.").on(.read, .list, handler: listPolicies).fields(),
            PathSpec("policy/{name*}", help: "Read, write or delete an ACL policy.")
                .on(.read, handler: readPolicy).on(.update, handler: writePolicy).on(.delete, handler: deletePolicy)
                .fields(
                    Self.policyNameField, Self.policyField,
                    FieldSpec("rules", .string, "The policy document, under its deprecated name.")),
            PathSpec("policies/acl", help: "List ACL policies.").on(.list, handler: listACLPolicies).fields(),
            PathSpec("policies/acl/{name*}", help: "Read, write or delete an ACL policy.")
                .on(.read, handler: readACLPolicy).on(.update, handler: writeACLPolicy).on(
                    .delete, handler: deletePolicy
                ).fields(Self.policyNameField, Self.policyField),
            PathSpec("capabilities", help: "A token's capabilities on paths.").on(.update, handler: capabilities)
                .sudo().fields(Self.capabilityPathFields + [Self.tokenField]),
            PathSpec("capabilities-self", help: "The caller's capabilities on paths.")
                .on(.update, handler: capabilitiesSelf).fields(Self.capabilityPathFields + [Self.tokenField]),
            PathSpec("capabilities-accessor", help: "A token's capabilities on paths, by accessor.")
                .on(.update, handler: capabilitiesAccessor).sudo()
                .fields(Self.capabilityPathFields + [FieldSpec("accessor", .string, "The token's accessor.")]),
            PathSpec("wrapping/wrap", help: "Wrap the request body.").on(.update, handler: wrapData).arbitraryFields(),
            PathSpec("wrapping/unwrap", help: "Return a wrapped response, once.").on(.update, handler: unwrap)
                .fields(Self.wrappingTokenField),
            PathSpec("wrapping/lookup", help: "Look up a wrapping token.").on(.update, .read, handler: lookupWrapping)
                .withoutToken().fields(Self.wrappingTokenField),
            PathSpec("wrapping/rewrap", help: "Move a wrapped response to a new token.").on(.update, handler: rewrap)
                .fields(Self.wrappingTokenField),
            PathSpec("internal/counters/tokens", help: "How many service tokens exist.").on(
                .read, handler: tokenCounters),
            PathSpec("internal/ui/mounts", help: "Mounts visible to the caller.")
                .on(.read, handler: listVisibleMounts).withoutToken(),
            PathSpec("internal/ui/mounts/{path*}", help: "The mount serving a path.")
                .on(.read, handler: readVisibleMount).tokenOnly(),
            PathSpec("internal/specs/openapi", help: "The OpenAPI document of the mounted paths the caller may see.")
                .on(.read, handler: openAPIDocument).withoutToken(),
        ] + leasePaths + auditPaths).map {
            $0.normalizing("name", with: Policy.canonicalForm).normalizing("path", with: MountTable.bareName)
        }
    }

    private static let policyNameField = FieldSpec("name", .string, "The policy's name.")
    private static let policyField = FieldSpec("policy", .string, "The policy document, in HCL or JSON.")
    private static let tokenField = FieldSpec("token", .string, "The token to check.")
    private static let capabilityPathFields = [
        FieldSpec("paths", .commaStringSlice, "The paths to check."),
        FieldSpec("path", .commaStringSlice, "The paths to check, under the old name."),
    ]
    private static let wrappingTokenField = FieldSpec("token", .string, "The wrapping token.")
    private static let mountPathField = FieldSpec("path", .string, "The mount's path.")
    private static let mountOptionsField = FieldSpec(
        "options", .keyValuePairs, "The engine's options, such as version for KV.")
    private static let enableFields = [
        mountPathField, FieldSpec("type", .string, "The engine or method type."),
        FieldSpec("description", .string, "What the mount is for."),
        FieldSpec("config", .map, "default_lease_ttl and max_lease_ttl of the mount's leases."),
    ]
    private static let tuneFields = [
        mountPathField,
        FieldSpec("default_lease_ttl", .string, "The mount's default lease TTL, or \"system\" for the server's."),
        FieldSpec("max_lease_ttl", .string, "The mount's longest lease TTL, or \"system\" for the server's."),
        FieldSpec("description", .string, "What the mount is for."),
        FieldSpec("token_type", .string, "The tokens an auth method issues: service, batch or a default-… choice."),
        FieldSpec("listing_visibility", .string, "\"unauth\" to list the mount in the UI without a token."),
        FieldSpec("audit_non_hmac_request_keys", .commaStringSlice, "Request keys audit logs in plain text."),
        FieldSpec("audit_non_hmac_response_keys", .commaStringSlice, "Response keys audit logs in plain text."),
    ]
}
