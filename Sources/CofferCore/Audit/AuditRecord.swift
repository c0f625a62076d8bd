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
    /// The `auth` and `request` blocks as each device wrote them (by device path): the request
    /// line and the response line share them, so each is hashed and written once. The first
    /// device's have a place of their own, so a server with one device builds no dictionary.
    fileprivate var firstBlocks: (device: String, blocks: AuditBlocks)?
    fileprivate var otherBlocks: [String: AuditBlocks] = [:]

    init(request: Request, id: String) {
        self.request = request
        self.id = id
        self.time = .now()
    }
}

/// The caller's `auth` block and the `request` block of one audited request, as JSON text.
private struct AuditBlocks {
    let auth: [UInt8]
    let request: [UInt8]
}

/// The JSON lines of the reference's audit format, for one device: its hasher and format decide
/// what is hashed, and nothing secret is left in plain text unless the device logs raw. Fields are
/// written in the reference's order.
struct AuditRecord {
    /// The device's path, which tells its blocks apart from other devices' in a trail.
    let device: String
    let hasher: AuditHasher
    let format: AuditFormat
    /// This device's hashes of the tokens that made requests.
    let callers = CallerHashes()

    func requestLine(_ trail: AuditTrail, error: CoreError?) -> [UInt8] {
        let blocks = self.blocks(trail)
        var entry = JSONObjectWriter(capacity: Self.lineCapacity, prefix: format.prefix)
        entry.string("time", Timestamp.now().rfc3339)
        entry.string("type", "request")
        entry.json("auth", blocks.auth)
        entry.json("request", blocks.request)
        if let error, let summary = Self.summary(of: error, inResponse: false) { entry.string("error", summary) }
        return line(entry)
    }

    func responseLine(_ trail: AuditTrail, response: CoreResponse?, error: CoreError?) -> [UInt8] {
        let blocks = self.blocks(trail)
        var auth = blocks.auth
        var block = JSONObjectWriter(capacity: 512)
        let answer = response?.response
        if let issued = answer?.auth {
            let issuedAuth = tokenAuth(issued)
            block.json("auth", issuedAuth)
            if trail.caller == nil { auth = issuedAuth }
        }
        mountFields(trail, into: &block, versionKey: "mount_running_plugin_version", includeAccessor: true)
        let summary = error.flatMap { Self.summary(of: $0, inResponse: true) }
        if let answer {
            if !answer.leaseID.isEmpty { block.object("secret") { $0.string("lease_id", answer.leaseID) } }
            if answer.wrapInfo == nil, let members = answer.data {
                writeData(members, list: trail.request.operation == .list, into: &block)
            }
            if !answer.warnings.isEmpty { block.strings("warnings", answer.warnings) }
            if let wrap = answer.wrapInfo { block.value("wrap_info", .object(wrapInfo(wrap))) }
        } else if let error, summary != nil {
            block.object("data") { $0.string("error", text(error.messages.joined(separator: "; "))) }
        }
        let responseBlock = block.finished()
        var entry = JSONObjectWriter(capacity: Self.lineCapacity + responseBlock.count, prefix: format.prefix)
        entry.string("time", Timestamp.now().rfc3339)
        entry.string("type", "response")
        entry.json("auth", auth)
        entry.json("request", blocks.request)
        entry.json("response", responseBlock)
        if let summary { entry.string("error", summary) }
        return line(entry)
    }

    /// The top-level `error` of a failed request's lines: the kind of failure, worded as the
    /// reference words it, never the message the client got, which can echo what the request sent
    /// (that one is in `response.data.error`, hashed). Nil for a 404 without a message (a missing
    /// key), which the reference logs as no error at all. A missing or bad token is plain
    /// `permission denied` on the request line, as there.
    static func summary(of error: CoreError, inResponse: Bool) -> String? {
        if error.rejectsCredentials { return "invalid credentials" }
        switch error.code {
        case .permissionDenied:
            return error == .permissionDenied && !inResponse ? "permission denied" : listed("permission denied")
        case .notFound: return error.messages.isEmpty ? nil : listed("unsupported path")
        case .badRequest: return listed("invalid request")
        case .unsupportedOperation: return listed("unsupported operation")
        case .requestTooLarge: return listed("request entity too large")
        case .unsupportedMediaType: return listed("unsupported media type")
        case .tooManyRequests: return listed("too many requests")
        case .sealed: return "Vault is sealed"
        case .internalError: return listed("internal error")
        }
    }

    private static func listed(_ text: String) -> String { "1 error occurred:\n\t* \(text)\n\n" }

    // MARK: - Blocks

    /// The trail's blocks for this device, written on first use.
    /// Both blocks show the caller's token and accessor, each hashed once here.
    private func blocks(_ trail: AuditTrail) -> AuditBlocks {
        if let first = trail.firstBlocks, first.device == device { return first.blocks }
        if let written = trail.otherBlocks[device] { return written }
        let (token, accessor) = callerHashes(trail.caller)
        let auth: [UInt8]
        if let caller = trail.caller, let key = caller.key, caller.entry.numUses == 0, !format.logRaw {
            let blockKey = CallerHashes.AuthBlockKey(
                caller: CallerHashes.Caller(key: key, accessor: caller.entry.accessor), allowed: trail.allowed,
                ttl: caller.entry.ttl)
            auth = callers.authBlock(for: blockKey) { callerAuth(trail, token: token, accessor: accessor) }
        } else {
            auth = callerAuth(trail, token: token, accessor: accessor)
        }
        let written = AuditBlocks(auth: auth, request: request(trail, callerToken: token, accessor: accessor))
        if trail.firstBlocks == nil {
            trail.firstBlocks = (device, written)
        } else {
            trail.otherBlocks[device] = written
        }
        return written
    }

    /// The caller's token and accessor as logged; a stored token's come from `callers`.
    private func callerHashes(_ caller: ResolvedToken?) -> (token: String?, accessor: String?) {
        guard let caller else { return (nil, nil) }
        let make = {
            CallerHashes.Hashed(
                token: text(caller.value),
                accessor: caller.entry.accessor.isEmpty ? nil : self.accessor(caller.entry.accessor))
        }
        guard let key = caller.key, !format.logRaw else {
            let hashed = make()
            return (hashed.token, hashed.accessor)
        }
        let hashed = callers.hashes(for: CallerHashes.Caller(key: key, accessor: caller.entry.accessor), make: make)
        return (hashed.token, hashed.accessor)
    }

    private func callerAuth(_ trail: AuditTrail, token: String?, accessor: String?) -> [UInt8] {
        var auth = JSONObjectWriter(capacity: 512)
        let caller = trail.caller
        if let caller, let token {
            let entry = caller.entry
            auth.string("client_token", token)
            if let accessor { auth.string("accessor", accessor) }
            auth.string("display_name", entry.displayName)
            auth.strings("policies", entry.policies)
            auth.strings("token_policies", entry.policies)
        }
        if let allowed = trail.allowed {
            auth.object("policy_results") { results in
                results.bool("allowed", allowed)
                if allowed, let caller, caller.entry.isRoot { results.json("granting_policies", Self.rootGrant) }
            }
        }
        guard let entry = caller?.entry else {
            auth.string("token_type", "default")
            return auth.finished()
        }
        if let meta = entry.meta, !meta.isEmpty { auth.value("metadata", .object(meta.mapValues { .string($0) })) }
        if entry.numUses > 0 { auth.int("remaining_uses", entry.numUses) }
        auth.string("token_type", entry.type.rawValue)
        if entry.ttl > 0 { auth.int("token_ttl", entry.ttl) }
        auth.string("token_issue_time", Timestamp(seconds: entry.creationTime).rfc3339)
        return auth.finished()
    }

    private static let rootGrant = Array(#"[{"name":"root","namespace_id":"root","type":"acl"}]"#.utf8)

    private func request(_ trail: AuditTrail, callerToken: String?, accessor: String?) -> [UInt8] {
        let request = trail.request
        let operation = trail.operation ?? request.operation
        var block = JSONObjectWriter(capacity: 512)
        block.string("id", trail.id)
        block.string("operation", operation == .head ? "read" : operation.rawValue)
        mountFields(trail, into: &block, versionKey: "mount_running_version",
                    includeAccessor: operation == .update || operation == .create)
        if let token = request.clientToken, !token.isEmpty {
            block.string("client_token", token == trail.caller?.value ? callerToken ?? text(token) : text(token))
            if let accessor { block.string("client_token_accessor", accessor) }
        }
        block.object("namespace") { $0.string("id", "root") }
        block.string("path", request.path)
        if !request.data.isEmpty { writeData(request.data, list: false, into: &block) }
        if let address = request.remoteAddress { block.string("remote_address", address) }
        if let ttl = request.wrapTTL, ttl > 0 { block.int("wrap_ttl", ttl) }
        return block.finished()
    }

    private func mountFields(
        _ trail: AuditTrail, into block: inout JSONObjectWriter, versionKey: String, includeAccessor: Bool
    ) {
        guard let mount = trail.mount else { return }
        block.string("mount_point", mount.path)
        block.string("mount_type", mount.type)
        if includeAccessor, !mount.accessor.isEmpty { block.string("mount_accessor", mount.accessor) }
        block.string(versionKey, Self.runningVersion)
        block.string("mount_class", mount.path.hasBytePrefix(MountTable.authPrefix) ? "auth" : "secret")
    }

    private static let runningVersion = "v\(CofferVersion.current)+builtin.coffer"

    private func tokenAuth(_ issued: [String: JSONValue]) -> [UInt8] {
        var auth = JSONObjectWriter()
        if let token = issued["client_token"]?.stringValue { auth.string("client_token", text(token)) }
        if let accessor = issued["accessor"]?.stringValue, !accessor.isEmpty {
            auth.string("accessor", self.accessor(accessor))
        }
        for key in ["policies", "token_policies", "metadata"] {
            if let value = issued[key], value != .null { auth.value(key, value) }
        }
        if let uses = issued["num_uses"]?.intValue, uses > 0 { auth.int("num_uses", uses) }
        if let type = issued["token_type"], type != .null { auth.value("token_type", type) }
        if let ttl = issued["lease_duration"]?.intValue, ttl > 0 { auth.int("token_ttl", ttl) }
        return auth.finished()
    }

    private func wrapInfo(_ wrap: [String: JSONValue]) -> [String: JSONValue] {
        var info = wrap
        if let token = wrap["token"]?.stringValue { info["token"] = .string(text(token)) }
        for key in ["accessor", "wrapped_accessor"] {
            if let value = wrap[key]?.stringValue, !value.isEmpty { info[key] = .string(accessor(value)) }
        }
        return info
    }

    // MARK: - Hashing

    private func text(_ value: String) -> String { format.logRaw ? value : hasher.hash(value) }

    private func accessor(_ value: String) -> String {
        format.logRaw || !format.hashAccessors ? value : hasher.hash(value)
    }

    /// The `data` field: strings hashed unless the device logs raw; a list answer's keys counted
    /// instead when the device elides them.
    private func writeData(_ data: [String: JSONValue], list: Bool, into block: inout JSONObjectWriter) {
        var members = data
        if list, format.elideListResponses {
            if let keys = members["keys"]?.arrayValue { members["keys"] = .int(Int64(keys.count)) }
            if case .object(let info)? = members["key_info"] { members["key_info"] = .int(Int64(info.count)) }
        }
        let hasher = hasher
        let hash: ((String) -> String)? = format.logRaw ? nil : { hasher.hashUnlessTimestamp($0) }
        block.value("data", .object(members), mappingStrings: hash)
    }

    private func line(_ entry: consuming JSONObjectWriter) -> [UInt8] { entry.finished(terminator: UInt8(ascii: "\n")) }

    /// Room for a line's fields around its blocks, so it is written without growing.
    private static let lineCapacity = 1536
}
