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
        let name = request.capture("role")
        guard let role = try await TokenRole.load(name, from: request.storage) else {
            throw CoreError.badRequest("unknown role \(name)")
        }
        return try await issue(request, role: role, forceOrphan: false)
    }

    private func issue(_ request: BackendRequest, role: TokenRole?, forceOrphan: Bool) async throws -> Response? {
        let parent = try caller(request)
        if parent.entry.type == .batch { throw CoreError.badRequest("batch tokens cannot create more tokens") }
        var creation = try Self.creation(from: FieldReader(request.data))
        let privileged = try await core.hasSudo(parent, on: request.original.path)
        if creation.orphan && !forceOrphan && !privileged {
            throw CoreError.badRequest("root or sudo privileges required to create orphan token")
        }
        creation.orphan = creation.orphan || forceOrphan
        if forceOrphan { creation.path = "auth/token/create-orphan" }
        if let id = try FieldReader(request.data).string("id"), !id.isEmpty, !privileged {
            throw CoreError.badRequest("root or sudo privileges required to specify token id")
        }
        if role == nil, let alias = try FieldReader(request.data).string("entity_alias"), !alias.isEmpty {
            throw CoreError.badRequest("'entity_alias' is only allowed in combination with token role")
        }
        if parent.entry.numUses != 0 { throw CoreError.badRequest("restricted use token cannot generate child tokens") }
        if creation.period > 0 && role == nil && !privileged {
            throw CoreError.badRequest("root or sudo privileges required to create periodic token")
        }
        var warnings = try role?.apply(to: &creation) ?? []
        let requestedType = try FieldReader(request.data).string("type").map { !$0.isEmpty } ?? false
        creation.type = try Self.tokenType(
            creation.type, explicit: requestedType || ["service", "batch"].contains(role?.tokenType ?? ""),
            defaultBatch: role?.tokenType == "default-batch",
            mountSetting: core.mounts.entry(at: MountTable.tokenPath)?.options["token_type"] ?? "default-service")
        try Self.checkBatchFields(creation)
        let issuer = TokenIssuer.token(parent: parent, mayExceedParent: privileged || role?.limitsPolicies == true)
        let issued = try await core.tokens.create(
            creation, issuer: issuer, limits: core.tokenLimits, id: try FieldReader(request.data).string("id"))
        warnings += issued.warnings
        warnings += try await missingPolicyWarnings(issued.entry.policies)
        let unknown = request.data.keys.filter { !Self.creationFields.contains($0) }.sorted()
        if !unknown.isEmpty {
            warnings.append("Endpoint ignored these unrecognized parameters: [\(unknown.joined(separator: " "))]")
        }
        return Response(auth: issued.entry.authBlock(token: issued.value, now: issued.entry.creationTime), warnings: warnings)
    }

    static let creationFields: Set<String> = [
        "id", "policies", "meta", "metadata", "display_name", "num_uses", "ttl", "lease", "explicit_max_ttl", "period",
        "renewable", "no_parent", "no_default_policy", "type", "entity_alias",
    ]

    /// The creation request in the body, with every field checked.
    static func creation(from fields: FieldReader) throws(CoreError) -> TokenCreation {
        var creation = TokenCreation()
        creation.policies = try fields.stringList("policies", splitCommas: false)?.map(Policy.canonicalForm)
        creation.meta = try fields.stringMap("meta")
        if creation.meta == nil { creation.meta = try fields.stringMap("metadata") }
        creation.displayName = try fields.string("display_name")
        creation.numUses = try fields.int("num_uses") ?? 0
        if let ttl = try fields.string("ttl"), ttl.hasBytePrefix("-") { throw .badRequest("ttl must be positive") }
        creation.ttl = try fields.duration("ttl") ?? 0
        if creation.ttl == 0 { creation.ttl = try fields.duration("lease") ?? 0 }
        creation.explicitMaxTTL = try fields.duration("explicit_max_ttl") ?? 0
        creation.period = try fields.duration("period") ?? 0
        creation.renewable = try fields.bool("renewable") ?? true
        creation.orphan = try fields.bool("no_parent") ?? false
        creation.noDefaultPolicy = try fields.bool("no_default_policy") ?? false
        if let type = try fields.string("type") {
            guard let parsed = TokenType(rawValue: type) else { throw .badRequest("invalid 'token_type' value") }
            creation.type = parsed
        }
        return creation
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
