import CofferAPI

/// What one audited request carries through the pipeline, filled in as it goes: who asked,
/// through which mount, whether the ACL allowed it, and whether its request line was written.
final class AuditTrail: @unchecked Sendable {
    let request: Request
    let id: String
    let time: Timestamp
    var caller: ResolvedToken?
    var mount: MountEntry?
    /// The operation the ACL was asked about (`create` or `update` by the existence check).
    var operation: Operation?
    var allowed: Bool?
    var requestRecorded = false

    init(request: Request, id: String) {
        self.request = request
        self.id = id
        self.time = .now()
    }
}

/// The JSON lines of the reference's audit format, for one device: its hasher and format decide
/// what is hashed, and nothing secret is left in plain text unless the device logs raw.
struct AuditRecord {
    let hasher: AuditHasher
    let format: AuditFormat

    func requestLine(_ trail: AuditTrail, error: String?) -> [UInt8] {
        var entry: [String: JSONValue] = [
            "time": .string(Timestamp.now().rfc3339), "type": "request", "auth": .object(callerAuth(trail)),
            "request": .object(request(trail)),
        ]
        if let error { entry["error"] = .string(error) }
        return line(entry)
    }

    func responseLine(_ trail: AuditTrail, response: CoreResponse?, error: CoreError?) -> [UInt8] {
        var block = mountFields(trail, versionKey: "mount_running_plugin_version", includeAccessor: true)
        var auth = callerAuth(trail)
        if let response {
            let answer = response.response
            if let issued = answer.auth {
                let issuedAuth = tokenAuth(issued)
                block["auth"] = .object(issuedAuth)
                auth = issuedAuth
            }
            if !answer.leaseID.isEmpty { block["secret"] = ["lease_id": .string(answer.leaseID)] }
            if answer.wrapInfo == nil, let members = answer.data {
                block["data"] = data(members, list: trail.request.operation == .list)
            }
            if !answer.warnings.isEmpty { block["warnings"] = .array(answer.warnings.map { .string($0) }) }
            if let wrap = answer.wrapInfo { block["wrap_info"] = .object(wrapInfo(wrap)) }
        }
        var entry: [String: JSONValue] = [
            "time": .string(Timestamp.now().rfc3339), "type": "response", "auth": .object(auth),
            "request": .object(request(trail)), "response": .object(block),
        ]
        if let error {
            let message = error.messages.joined(separator: "; ")
            block["data"] = ["error": text(message)]
            entry["response"] = .object(block)
            entry["error"] = .string(message)
        }
        return line(entry)
    }

    // MARK: - Blocks

    private func callerAuth(_ trail: AuditTrail) -> [String: JSONValue] {
        var auth: [String: JSONValue] = [:]
        if let allowed = trail.allowed {
            var results: [String: JSONValue] = ["allowed": .bool(allowed)]
            if allowed, let caller = trail.caller, caller.entry.isRoot {
                results["granting_policies"] = [["name": "root", "namespace_id": "root", "type": "acl"]]
            }
            auth["policy_results"] = .object(results)
        }
        guard let caller = trail.caller else {
            auth["token_type"] = "default"
            return auth
        }
        let entry = caller.entry
        auth["client_token"] = text(caller.value)
        if !entry.accessor.isEmpty { auth["accessor"] = accessor(entry.accessor) }
        auth["display_name"] = .string(entry.displayName)
        auth["policies"] = .array(entry.policies.map { .string($0) })
        auth["token_policies"] = .array(entry.policies.map { .string($0) })
        if let meta = entry.meta, !meta.isEmpty { auth["metadata"] = .object(meta.mapValues { .string($0) }) }
        if entry.numUses > 0 { auth["remaining_uses"] = .int(entry.numUses) }
        auth["token_type"] = .string(entry.type.rawValue)
        if entry.ttl > 0 { auth["token_ttl"] = .int(entry.ttl) }
        auth["token_issue_time"] = .string(Timestamp(seconds: entry.creationTime).rfc3339)
        return auth
    }

    private func request(_ trail: AuditTrail) -> [String: JSONValue] {
        let request = trail.request
        let operation = trail.operation ?? request.operation
        let writes = operation == .update || operation == .create
        var block = mountFields(trail, versionKey: "mount_running_version", includeAccessor: writes)
        block["id"] = .string(trail.id)
        block["operation"] = .string(operation == .head ? "read" : operation.rawValue)
        block["namespace"] = ["id": "root"]
        block["path"] = .string(request.path)
        if let token = request.clientToken, !token.isEmpty {
            block["client_token"] = text(token)
            if let accessor = trail.caller?.entry.accessor, !accessor.isEmpty {
                block["client_token_accessor"] = self.accessor(accessor)
            }
        }
        if !request.data.isEmpty { block["data"] = data(request.data, list: false) }
        if let address = request.remoteAddress { block["remote_address"] = .string(address) }
        if let ttl = request.wrapTTL, ttl > 0 { block["wrap_ttl"] = .int(ttl) }
        return block
    }

    private func mountFields(_ trail: AuditTrail, versionKey: String, includeAccessor: Bool) -> [String: JSONValue] {
        guard let mount = trail.mount else { return [:] }
        var fields: [String: JSONValue] = [
            "mount_point": .string(mount.path), "mount_type": .string(mount.type),
            versionKey: .string("v\(CofferVersion.current)+builtin.coffer"),
            "mount_class": .string(mount.path.hasPrefix(MountTable.authPrefix) ? "auth" : "secret"),
        ]
        if includeAccessor, !mount.accessor.isEmpty { fields["mount_accessor"] = .string(mount.accessor) }
        return fields
    }

    private func tokenAuth(_ issued: [String: JSONValue]) -> [String: JSONValue] {
        var auth: [String: JSONValue] = [:]
        if let token = issued["client_token"]?.stringValue { auth["client_token"] = text(token) }
        if let accessor = issued["accessor"]?.stringValue, !accessor.isEmpty { auth["accessor"] = self.accessor(accessor) }
        for key in ["policies", "token_policies", "metadata", "token_type"] where issued[key] != nil && issued[key] != .null {
            auth[key] = issued[key]
        }
        if let uses = issued["num_uses"]?.intValue, uses > 0 { auth["num_uses"] = .int(uses) }
        if let ttl = issued["lease_duration"]?.intValue, ttl > 0 { auth["token_ttl"] = .int(ttl) }
        return auth
    }

    private func wrapInfo(_ wrap: [String: JSONValue]) -> [String: JSONValue] {
        var info = wrap
        if let token = wrap["token"]?.stringValue { info["token"] = text(token) }
        for key in ["accessor", "wrapped_accessor"] {
            if let value = wrap[key]?.stringValue, !value.isEmpty { info[key] = accessor(value) }
        }
        return info
    }

    // MARK: - Hashing

    private func text(_ value: String) -> JSONValue { .string(format.logRaw ? value : hasher.hash(value)) }

    private func accessor(_ value: String) -> JSONValue {
        .string(format.logRaw || !format.hashAccessors ? value : hasher.hash(value))
    }

    private func data(_ data: [String: JSONValue], list: Bool) -> JSONValue {
        var members = data
        if list, format.elideListResponses {
            if let keys = members["keys"]?.arrayValue { members["keys"] = .int(Int64(keys.count)) }
            if case .object(let info)? = members["key_info"] { members["key_info"] = .int(Int64(info.count)) }
        }
        return format.logRaw ? .object(members) : hasher.hashStrings(.object(members))
    }

    private func line(_ entry: [String: JSONValue]) -> [UInt8] {
        Array(format.prefix.utf8) + JSONValue.object(entry).serialized() + [UInt8(ascii: "\n")]
    }
}
