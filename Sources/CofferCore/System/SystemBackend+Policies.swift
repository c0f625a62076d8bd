import CofferAPI

/// `sys/policy[/<name>]` and `sys/policies/acl[/<name>]`: ACL policies in HCL or JSON.
extension SystemBackend {
    func listPolicies(_ request: BackendRequest) async throws -> Response? {
        let names = JSONValue.array(try await policyNames().map { .string($0) })
        return Response(data: ["keys": names, "policies": names], framing: .envelopeAndRaw)
    }

    func listACLPolicies(_ request: BackendRequest) async throws -> Response? {
        Response(data: ["keys": .array(try await policyNames().map { .string($0) })])
    }

    func readPolicy(_ request: BackendRequest) async throws -> Response? {
        let policy = try await storedPolicy(request.capture("name"))
        var data = Self.metadata(policy)
        data["rules"] = .string(policy.text)
        return Response(data: data, framing: .envelopeAndRaw)
    }

    func readACLPolicy(_ request: BackendRequest) async throws -> Response? {
        let policy = try await storedPolicy(request.capture("name"))
        var data = Self.metadata(policy)
        data["policy"] = .string(policy.text)
        return Response(data: data)
    }

    /// `sys/policy/<name>` takes `policy`, or the deprecated `rules` with a warning.
    func writePolicy(_ request: BackendRequest) async throws -> Response? {
        let fields = request.fields
        if let text = try fields.string("policy"), !text.isEmpty {
            try await store(request.capture("name"), text)
            return nil
        }
        guard let rules = try fields.string("rules"), !rules.isEmpty else {
            throw CoreError.badRequest("'policy' parameter not supplied or empty")
        }
        try await store(request.capture("name"), rules)
        return Response(warnings: ["'rules' is deprecated, please use 'policy' instead"])
    }

    func writeACLPolicy(_ request: BackendRequest) async throws -> Response? {
        guard let text = try request.fields.string("policy"), !text.isEmpty else {
            throw CoreError.badRequest("'policy' parameter not supplied or empty")
        }
        try await store(request.capture("name"), text)
        return nil
    }

    func deletePolicy(_ request: BackendRequest) async throws -> Response? {
        do { try await core.policies.delete(request.capture("name")) } catch { throw Self.coreError(error) }
        core.logger.info("policy deleted", metadata: ["name": "\(Policy.canonicalForm(request.capture("name")))"])
        return nil
    }

    private static func metadata(_ policy: StoredPolicy) -> [String: JSONValue] {
        var data: [String: JSONValue] = [
            "name": .string(policy.name),
            "version": .int(Int64(policy.version)),
            "cas_required": false,
            "allow_slashes_in_identity_templates": false,
            "allow_wildcards_in_identity_templates": false,
        ]
        if let modified = policy.modified { data["modified"] = .string(TokenEntry.timestamp(modified)) }
        return data
    }

    private func policyNames() async throws(CoreError) -> [String] {
        do { return try await core.policies.list() } catch { throw Self.coreError(error) }
    }

    private func storedPolicy(_ name: String) async throws(CoreError) -> StoredPolicy {
        let policy: StoredPolicy?
        do { policy = try await core.policies.read(name) } catch { throw Self.coreError(error) }
        guard let policy else { throw .notFoundEmpty }
        return policy
    }

    private func store(_ name: String, _ text: String) async throws(CoreError) {
        do { try await core.policies.write(name, text: text) } catch { throw Self.coreError(error) }
        core.logger.info("policy written", metadata: ["name": "\(Policy.canonicalForm(name))"])
    }

    static func coreError(_ error: PolicyError) -> CoreError {
        switch error.code {
        case .syntax, .invalidRule: return .badRequest("failed to parse policy: \(error.message)")
        case .invalidName, .protected: return .badRequest(error.message)
        case .sealed: return .sealed
        case .storage: return .internalError(error.message)
        }
    }
}
