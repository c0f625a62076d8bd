import CofferAPI

/// `auth/token/create`, `create-orphan`, `create/<role>`.
extension TokenBackend {
    func create(_ request: BackendRequest) async throws -> Response? {
        try await issue(request, role: nil, forceOrphan: false)
    }

    func createOrphan(_ request: BackendRequest) async throws -> Response? {
        try await issue(request, role: nil, forceOrphan: true)
    }

    func createFromRole(_ request: BackendRequest) async throws -> Response? {
        let name = request.capture("role_name")
        guard let role = try await TokenRole.load(name, from: request.storage) else {
            throw CoreError.badRequest("unknown role \(name)")
        }
        return try await issue(request, role: role, forceOrphan: false)
    }

    private func issue(_ request: BackendRequest, role: TokenRole?, forceOrphan: Bool) async throws -> Response? {
        let parent = try caller(request)
        if parent.entry.type == .batch { throw CoreError.badRequest("batch tokens cannot create more tokens") }
        let fields = request.fields
        var creation = try Self.creation(from: fields)
        let privileged = try await core.hasSudo(parent, on: request.original.path)
        if creation.orphan && !forceOrphan && !privileged {
            throw CoreError.badRequest("root or sudo privileges required to create orphan token")
        }
        creation.orphan = creation.orphan || forceOrphan
        if forceOrphan { creation.path = "auth/token/create-orphan" }
        let id = try fields.string("id").flatMap { $0.isEmpty ? nil : $0 }
        if id != nil, !privileged {
            throw CoreError.badRequest("root or sudo privileges required to specify token id")
        }
        if let id, id.utf8.contains(UInt8(ascii: ".")) {
            throw CoreError.badRequest("custom token ID cannot have a '.' in the value")
        }
        if role == nil, let alias = try fields.string("entity_alias"), !alias.isEmpty {
            throw CoreError.badRequest("'entity_alias' is only allowed in combination with token role")
        }
        if parent.entry.numUses != 0 { throw CoreError.badRequest("restricted use token cannot generate child tokens") }
        if creation.period > 0 && !privileged {
            throw CoreError.badRequest("root or sudo privileges required to create periodic token")
        }
        var warnings = try role?.apply(to: &creation, parentPolicies: parent.entry.policies) ?? []
        let requestedType = try fields.string("type").map { !$0.isEmpty } ?? false
        creation.type = try Self.tokenType(
            creation.type, explicit: requestedType || ["service", "batch"].contains(role?.tokenType ?? ""),
            defaultBatch: role?.tokenType == "default-batch",
            mountSetting: core.mounts.entry(at: MountTable.tokenPath)?.options["token_type"] ?? "default-service")
        try Self.checkBatchFields(creation)
        let issuer = TokenIssuer.token(parent: parent, mayExceedParent: privileged || role?.limitsPolicies == true)
        let issued = try await core.tokens.create(
            creation, issuer: issuer, limits: core.tokenLimits, id: id)
        warnings += issued.warnings
        warnings += try await missingPolicyWarnings(issued.entry.policies)
        return Response(auth: issued.entry.authBlock(token: issued.value, now: issued.entry.creationTime), warnings: warnings)
    }

    /// The fields of `create`, `create-orphan` and `create/<role>`. The durations are strings the
    /// handler reads, as in the reference, whose errors are Go's (`time: invalid duration "x"`).
    static let creationFields = [
        FieldSpec("id", .string, "The token's value; root or sudo only."),
        FieldSpec("policies", .stringSlice, "The token's policies."),
        FieldSpec("meta", .keyValuePairs, "Metadata shown by lookups and in audit logs."),
        FieldSpec("display_name", .string, "The name the token is shown by."),
        FieldSpec("num_uses", .int, "How many requests the token may make; 0 for no limit."),
        FieldSpec("ttl", .string, "The token's time to live."),
        FieldSpec("lease", .string, "The time to live, under its old name; ttl wins."),
        FieldSpec("explicit_max_ttl", .string, "The hard end of the token's life, renewals or not."),
        FieldSpec("period", .string, "Makes the token periodic: each renewal gives it this long again."),
        FieldSpec("renewable", .bool, "Whether the token may be renewed.", default: true),
        FieldSpec("no_parent", .bool, "Whether the token is an orphan; root or sudo only."),
        FieldSpec("no_default_policy", .bool, "Whether to leave out the default policy."),
        FieldSpec("type", .string, "\"service\" or \"batch\"."),
        FieldSpec("entity_alias", .string, "The entity alias to issue the token for; with a role only."),
    ]

    /// The creation request in the body, with every field checked.
    static func creation(from fields: FieldValues) throws(CoreError) -> TokenCreation {
        var creation = TokenCreation()
        creation.policies = try fields.strings("policies")?.map(Policy.canonicalForm)
        creation.meta = try fields.pairs("meta")
        creation.displayName = try fields.string("display_name")
        creation.numUses = try fields.int("num_uses") ?? 0
        if let ttl = try fields.string("ttl"), ttl.hasBytePrefix("-") { throw .badRequest("ttl must be positive") }
        creation.ttl = try duration(fields, "ttl")
        if creation.ttl == 0 { creation.ttl = try duration(fields, "lease") }
        creation.explicitMaxTTL = try duration(fields, "explicit_max_ttl")
        creation.period = try duration(fields, "period")
        creation.renewable = try fields.bool("renewable") ?? true
        creation.orphan = try fields.bool("no_parent") ?? false
        creation.noDefaultPolicy = try fields.bool("no_default_policy") ?? false
        if let type = try fields.string("type") {
            guard let parsed = TokenType(rawValue: type) else { throw .badRequest("invalid 'token_type' value") }
            creation.type = parsed
        }
        return creation
    }

    /// A duration given as text or seconds; 0 when absent or empty. Malformed text gets the
    /// reference's words; a duration out of bounds names its field.
    private static func duration(_ fields: FieldValues, _ name: String) throws(CoreError) -> Int64 {
        guard let text = try fields.string(name), !text.isEmpty else { return 0 }
        do { return try BoundedDuration(parsing: text).seconds } catch {
            guard error.reason != .malformed else { throw .badRequest("time: \(error.description)") }
            throw .badRequest("error converting input for field \"\(name)\": \(error.description)")
        }
    }

    /// The type a new token gets: the mount's `token_type` tuning (`service`, `batch`, or a
    /// `default-…` that an explicit request or the role overrides).
    static func tokenType(
        _ current: TokenType, explicit: Bool, defaultBatch: Bool, mountSetting: String
    ) throws(CoreError) -> TokenType {
        switch mountSetting {
        case "service":
            if explicit && current == .batch {
                throw .badRequest("batch tokens are not allowed by this mount's token_type")
            }
            return .service
        case "batch":
            if explicit && current == .service {
                throw .badRequest("service tokens are not allowed by this mount's token_type")
            }
            return .batch
        case "default-batch":
            return explicit ? current : .batch
        default:
            return explicit ? current : (defaultBatch ? .batch : .service)
        }
    }

    /// Batch tokens carry none of the fields that need a stored entry.
    static func checkBatchFields(_ creation: TokenCreation) throws(CoreError) {
        guard creation.type == .batch else { return }
        if creation.numUses > 0 { throw .badRequest("batch tokens cannot have \"num_uses\" set") }
        if creation.period > 0 { throw .badRequest("batch tokens cannot have \"period\" set") }
        if creation.explicitMaxTTL > 0 { throw .badRequest("batch tokens cannot have \"explicit_max_ttl\" set") }
    }

    private func missingPolicyWarnings(_ policies: [String]) async throws(CoreError) -> [String] {
        var warnings: [String] = []
        for name in policies where name != "root" && name != "default" {
            let stored: StoredPolicy?
            do { stored = try await core.policies.read(name) } catch { throw SystemBackend.coreError(error) }
            if stored == nil { warnings.append("Policy \"\(name)\" does not exist") }
        }
        return warnings
    }
}
