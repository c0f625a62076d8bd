import CofferAPI
import CofferCore

/// The AppRole auth method: machines log in with a role ID (which names the role) and a secret
/// ID (a credential issued for it), and get the token the role describes.
struct AppRoleBackend: CredentialBackend {
    let store = AppRoleStore()
    /// The clock that stamps secret IDs and decides when they expire.
    let now: @Sendable () -> Timestamp

    init(now: @escaping @Sendable () -> Timestamp = Timestamp.now) {
        self.now = now
    }

    let summary = "Machines log in with a role ID and a secret ID and receive a token with the role's policies."

    var paths: [PathSpec] {
        let role = Self.roleNameField
        return [
            PathSpec("login", help: "Log in with a role ID and a secret ID.").on(.update, handler: login)
                .withoutToken().fields(Self.roleIDField, Self.secretIDField),
            PathSpec("role", help: "List the roles.").on(.list, handler: listRoles).fields(),
            PathSpec("role/{role_name}", help: "Create, read, update and delete a role.")
                .on(.create, .update, handler: writeRole)
                .on(.read, handler: readRole)
                .on(.delete, handler: deleteRole)
                .exists(roleExists)
                .fields([role, Self.roleIDField] + AppRoleRole.fields),
            PathSpec("role/{role_name}/role-id", help: "Read or set the role's role ID.")
                .on(.read, handler: readRoleID)
                .on(.update, handler: writeRoleID)
                .fields(role, Self.roleIDField),
            PathSpec("role/{role_name}/secret-id", help: "Issue a secret ID, or list the accessors of the issued ones.")
                .on(.update) { try await issueSecretID($0, custom: false) }
                .on(.list, handler: listSecretIDs)
                .fields([role] + Self.secretIDIssueFields),
            PathSpec("role/{role_name}/custom-secret-id", help: "Register a secret ID chosen by the caller.")
                .on(.update) { try await issueSecretID($0, custom: true) }
                .fields([role, Self.secretIDField] + Self.secretIDIssueFields),
            PathSpec("role/{role_name}/secret-id/lookup", help: "Read a secret ID's properties.")
                .on(.update, handler: lookupSecretID).fields(role, Self.secretIDField),
            PathSpec("role/{role_name}/secret-id/destroy", help: "Destroy a secret ID.")
                .on(.update, .delete, handler: destroySecretID).fields(role, Self.secretIDField),
            PathSpec("role/{role_name}/secret-id-accessor/lookup", help: "Read a secret ID's properties by accessor.")
                .on(.update, handler: lookupSecretIDAccessor).fields(role, Self.secretIDAccessorField),
            PathSpec("role/{role_name}/secret-id-accessor/destroy", help: "Destroy a secret ID by accessor.")
                .on(.update, .delete, handler: destroySecretIDAccessor).fields(role, Self.secretIDAccessorField),
            PathSpec("tidy/secret-id", help: "Remove expired secret IDs.").on(.update, handler: tidySecretIDs).fields(),
        ].map { $0.normalizing("role_name", with: Self.nameForm) }
    }

    private static let roleNameField = FieldSpec("role_name", .string, "The role's name, kept in lower case.")
    private static let roleIDField = FieldSpec("role_id", .string, "The role ID: names the role at login.")
    private static let secretIDField = FieldSpec("secret_id", .string, "The secret ID.")
    private static let secretIDAccessorField = FieldSpec("secret_id_accessor", .string, "The secret ID's accessor.")
    private static let secretIDIssueFields = [
        FieldSpec("metadata", .json, "Metadata of the secret ID: a JSON object of strings, or its text."),
        FieldSpec("cidr_list", .commaStringSlice, "The networks logins with the secret ID may come from."),
        FieldSpec("token_bound_cidrs", .commaStringSlice, "The networks the tokens of its logins may be used from."),
        FieldSpec("num_uses", .int, "How many logins the secret ID allows; 0 for no limit."),
        FieldSpec("ttl", .duration, "How long the secret ID lives; 0 for the role's secret_id_ttl."),
    ]

    /// A role's name as stored: role names are case-insensitive.
    static func roleName(_ request: BackendRequest) -> String { nameForm(request.capture("role_name")) }

    /// Role names are kept in lower case.
    static let nameForm: @Sendable (String) -> String = { $0.lowercased() }

    private func roleExists(_ request: BackendRequest) async throws -> Bool {
        try await store.role(Self.roleName(request), in: request.storage) != nil
    }

    /// A token from this mount renews on its role's current terms while the role exists.
    func renewal(of entry: TokenEntry, storage: any Storage) async throws -> LoginGrant {
        let name = entry.meta?["role_name"] ?? ""
        guard let role = try await store.role(name, in: storage) else {
            throw CoreError.badRequest("role \"\(name)\" does not exist during renewal")
        }
        return role.grant(metadata: [:], extraBoundCIDRs: [])
    }
}
