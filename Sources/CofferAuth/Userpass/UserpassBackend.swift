import CofferAPI
import CofferCore

/// The userpass auth method: people log in with a username and a password, and get the token the
/// user's settings describe.
struct UserpassBackend: CredentialBackend {
    let locks = KeyLocks()

    let summary = "Users log in with a name and a password and receive a token with their policies."

    var paths: [PathSpec] {
        [
            PathSpec("login/{username}", help: "Log in with a password.").on(.update, handler: login).withoutToken()
                .fields(Self.usernameField, Self.passwordField),
            PathSpec("users", help: "List the users.").on(.list, handler: listUsers).fields(),
            PathSpec("users/{username}", help: "Create, read, update and delete a user.")
                .on(.create, .update, handler: writeUser)
                .on(.read, handler: readUser)
                .on(.delete, handler: deleteUser)
                .exists { request in try await Self.user(Self.username(request), in: request.storage) != nil }
                .fields(
                    [Self.usernameField, Self.passwordField] + LoginTokenSettings.fields
                        + ["ttl", "max_ttl", "bound_cidrs"].compactMap { LoginTokenSettings.legacyNames[$0] }),
            PathSpec("users/{username}/password", help: "Change a user's password.")
                .on(.update, handler: changePassword).fields(Self.usernameField, Self.passwordField),
            PathSpec("users/{username}/policies", help: "Change a user's token policies.")
                .on(.update, handler: changePolicies)
                .fields(
                    Self.usernameField,
                    FieldSpec("token_policies", .commaStringSlice, "The policies of the user's tokens."),
                    FieldSpec("policies", .commaStringSlice, "The policies, under their old name.")),
        ].map { $0.normalizing("username", with: Self.nameForm) }
    }

    private static let usernameField = FieldSpec("username", .string, "The user's name, kept in lower case.")
    private static let passwordField = FieldSpec("password", .string, "The user's password.")

    static func username(_ request: BackendRequest) -> String { nameForm(request.capture("username")) }

    /// User names are kept in lower case.
    static let nameForm: @Sendable (String) -> String = { $0.lowercased() }

    static func user(_ name: String, in storage: any Storage) async throws -> UserpassUser? {
        guard let bytes = try await storage.get(UserpassUser.storageKey(name)) else { return nil }
        return try UserpassUser(record: bytes)
    }

    private static let invalidCredentials = CoreError.invalidCredentials("invalid username or password")
    private static let missingPassword = CoreError.badRequest("must provide either password or password_hash")

    func login(_ request: BackendRequest) async throws -> Response? {
        let name = Self.username(request)
        guard let password = try request.fields.string("password"), !password.isEmpty else {
            throw CoreError.badRequest("missing password")
        }
        guard let user = try await Self.user(name, in: request.storage) else {
            _ = try await PasswordHash.make(password)
            throw Self.invalidCredentials
        }
        guard try await user.password.matches(password) else { throw Self.invalidCredentials }
        return Response(login: user.token.grant(metadata: ["username": name], displayName: name))
    }

    /// A token from this mount renews on its user's current settings while the user exists.
    func renewal(of entry: TokenEntry, storage: any Storage) async throws -> LoginGrant {
        let name = entry.meta?["username"] ?? ""
        guard let user = try await Self.user(name, in: storage) else {
            throw CoreError.badRequest("user \"\(name)\" does not exist during renewal")
        }
        return user.token.grant(metadata: [:])
    }

    func listUsers(_ request: BackendRequest) async throws -> Response? {
        try await JSONObjectPaths.list("user/", in: request.storage)
    }

    func readUser(_ request: BackendRequest) async throws -> Response? {
        guard let user = try await Self.user(Self.username(request), in: request.storage) else {
            throw CoreError.notFoundEmpty
        }
        return Response(data: user.token.apiValue)
    }

    func writeUser(_ request: BackendRequest) async throws -> Response? {
        let name = Self.username(request)
        let fields = request.fields
        var newHash: PasswordHash?
        if let password = try fields.string("password"), !password.isEmpty {
            newHash = try await PasswordHash.make(password)
        }
        try await locks.withLock(name) {
            var user: UserpassUser
            if let existing = try await Self.user(name, in: request.storage) {
                user = existing
                if let newHash { user.password = newHash }
            } else {
                guard let newHash else { throw Self.missingPassword }
                user = UserpassUser(name: name, password: newHash)
            }
            try user.token.apply(fields)
            try await request.storage.put(UserpassUser.storageKey(name), user.record())
        }
        return nil
    }

    func deleteUser(_ request: BackendRequest) async throws -> Response? {
        let name = Self.username(request)
        try await locks.withLock(name) { try await request.storage.delete(UserpassUser.storageKey(name)) }
        return nil
    }

    func changePassword(_ request: BackendRequest) async throws -> Response? {
        guard let password = try request.fields.string("password"), !password.isEmpty else {
            throw Self.missingPassword
        }
        let hash = try await PasswordHash.make(password)
        try await changeUser(request) { $0.password = hash }
        return nil
    }

    func changePolicies(_ request: BackendRequest) async throws -> Response? {
        let fields = request.fields
        let policies = try fields.strings("token_policies") ?? fields.strings("policies") ?? []
        try await changeUser(request) { $0.token.policies = policies.map(Policy.canonicalForm) }
        return nil
    }

    private func changeUser(_ request: BackendRequest, _ change: (inout UserpassUser) -> Void) async throws {
        let name = Self.username(request)
        try await locks.withLock(name) {
            guard var user = try await Self.user(name, in: request.storage) else {
                throw CoreError.badRequest("username does not exist")
            }
            change(&user)
            try await request.storage.put(UserpassUser.storageKey(name), user.record())
        }
    }
}
