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
        [
            PathSpec("login", help: "Log in with a role ID and a secret ID.").on(.update, handler: login)
                .withoutToken(),
            PathSpec("role", help: "List the roles.").on(.list, handler: listRoles),
            PathSpec("role/{role}", help: "Create, read, update and delete a role.")
                .on(.create, .update, handler: writeRole)
                .on(.read, handler: readRole)
                .on(.delete, handler: deleteRole)
                .exists(roleExists),
            PathSpec("role/{role}/role-id", help: "Read or set the role's role ID.")
                .on(.read, handler: readRoleID)
                .on(.update, handler: writeRoleID),
            PathSpec("role/{role}/secret-id", help: "Issue a secret ID, or list the accessors of the issued ones.")
                .on(.update) { try await issueSecretID($0, custom: false) }
                .on(.list, handler: listSecretIDs),
            PathSpec("role/{role}/custom-secret-id", help: "Register a secret ID chosen by the caller.")
                .on(.update) { try await issueSecretID($0, custom: true) },
            PathSpec("role/{role}/secret-id/lookup", help: "Read a secret ID's properties.")
                .on(.update, handler: lookupSecretID),
            PathSpec("role/{role}/secret-id/destroy", help: "Destroy a secret ID.")
                .on(.update, .delete, handler: destroySecretID),
            PathSpec("role/{role}/secret-id-accessor/lookup", help: "Read a secret ID's properties by accessor.")
                .on(.update, handler: lookupSecretIDAccessor),
            PathSpec("role/{role}/secret-id-accessor/destroy", help: "Destroy a secret ID by accessor.")
                .on(.update, .delete, handler: destroySecretIDAccessor),
            PathSpec("tidy/secret-id", help: "Remove expired secret IDs.").on(.update, handler: tidySecretIDs),
        ].map { $0.normalizing("role", with: Self.nameForm) }
    }

    /// A role's name as stored: role names are case-insensitive.
    static func roleName(_ request: BackendRequest) -> String { nameForm(request.capture("role")) }

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
