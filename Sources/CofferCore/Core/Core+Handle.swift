import CofferAPI

extension Core {
    /// Runs one request through the pipeline: seal check, route, authenticate, authorize, handle.
    public func handle(_ request: Request) async throws(CoreError) -> CoreResponse {
        sweepPacer.requestArrived()
        let request = try Self.canonical(request)
        if !isUnsealed {
            return try await handleSealed(request)
        }
        guard audit.isEnabled, !Self.answeredOutsideRouter.contains(request.path) else {
            return try await process(request, trail: nil)
        }
        let trail = AuditTrail(request: request, id: RequestID.make())
        let answer: CoreResponse
        do { answer = try await process(request, trail: trail) } catch {
            try await recordFailure(trail, error)
            throw error
        }
        try await recordResponse(trail, answer)
        return answer
    }

    /// The pipeline after the seal check; `trail` collects what the audit lines need and records
    /// the request before its handler runs.
    private func process(_ request: Request, trail: AuditTrail?) async throws(CoreError) -> CoreResponse {
        guard let (mount, relativePath) = mounts.routeToServe(request.path) else {
            try await authorizeUnrouted(request, trail: trail)
            throw .unsupportedPath(request.path)
        }
        defer { mount.leave() }
        trail?.mount = mount.entry
        if request.operation == .help { return try await help(request, mount: mount, relativePath: relativePath, trail: trail) }
        guard let (spec, captures) = mount.routes.route(relativePath, operation: request.operation) else {
            try await authorizeUnrouted(request, trail: trail)
            throw .unsupportedPathInMount
        }
        var caller: ResolvedToken?
        if !spec.unauthenticated {
            do {
                caller = try await authenticate(request)
                trail?.caller = caller
            } catch {
                let namedBadToken = !(request.clientToken ?? "").isEmpty
                throw request.path == "sys/wrapping/unwrap" && namedBadToken
                    ? SystemBackend.invalidWrappingToken : error
            }
        }
        var response: Response
        do {
            response = try await run(
                spec, captures: captures, relativePath: relativePath, mount: mount, request: request, caller: caller,
                trail: trail)
            if let grant = response.login {
                response = try await issueLogin(grant, response: response, mount: mount.entry, path: request.path)
            }
            if let grant = response.secret {
                let lease = try await leases.register(grant, path: request.path, mount: mount.entry, owner: caller)
                response.secret = nil
                response.leaseID = lease.id
                response.leaseDuration = lease.ttl
                response.renewable = grant.renewable
                response.warnings += lease.warnings
            }
        } catch {
            try await revokeIfExhausted(caller)
            throw error
        }
        try await revokeIfExhausted(caller)
        let answer = CoreResponse(response: response, requestID: Self.requestID(for: response, id: trail?.id))
        guard let ttl = request.wrapTTL, ttl > 0, !answer.isEmpty, !Self.neverWrapped.contains(request.path),
            !Self.answeredOutsideRouter.contains(request.path)
        else {
            return answer
        }
        return try await wrap(answer, ttl: ttl, creationPath: request.path)
    }

    /// The request with its path checked to be canonical (`RequestPath`), a list path ending in
    /// `/`; a write to a path ending in `/` is refused, as Vault does.
    private static func canonical(_ request: Request) throws(CoreError) -> Request {
        if let refusal = RequestPath.check(request.path).refusal { throw .badRequest(refusal) }
        let endsInSlash = request.path.hasByteSuffix("/")
        if endsInSlash, request.operation == .update || request.operation == .create || request.operation == .patch {
            throw .badRequest(RequestPath.trailingSlashWriteRefusal)
        }
        guard request.operation == .list, !endsInSlash else { return request }
        var listing = request
        listing.path += "/"
        return listing
    }

    /// A fresh request ID for an answer in the envelope; none for raw answers (which do not show
    /// it) and for wrapped ones (whose `request_id` is empty, as in Vault).
    private static func requestID(for response: Response, id: String? = nil) -> String {
        response.framing == .raw || response.wrapInfo != nil ? "" : id ?? RequestID.make()
    }

    private func handleSealed(_ request: Request) async throws(CoreError) -> CoreResponse {
        let system = systemBackend
        let prefix = MountTable.systemPath
        guard request.operation != .help, request.path.hasBytePrefix(prefix),
            let (spec, captures) = PathTable(system).route(String(request.path.droppingBytes(prefix.utf8.count)), operation: request.operation),
            spec.availableWhileSealed
        else { throw .sealed }
        let relative = String(request.path.droppingBytes(prefix.utf8.count))
        let mounted = MountTable.Mounted(
            entry: MountEntry(path: prefix, type: "system", description: "", accessor: "", uuid: ""),
            backend: system, storage: physical)
        let response = try await run(
            spec, captures: captures, relativePath: relative, mount: mounted, request: request, caller: nil)
        return CoreResponse(response: response, requestID: Self.requestID(for: response))
    }

    /// The live token behind the request, with one use spent if it is use-limited.
    func authenticate(_ request: Request) async throws(CoreError) -> ResolvedToken {
        guard let token = request.clientToken, !token.isEmpty, var resolved = try await tokens.resolve(token),
            resolved.entry.numUses >= 0, Self.allowsSource(resolved.entry, request.remoteAddress)
        else { throw .permissionDenied }
        if resolved.entry.numUses > 0, let key = resolved.key {
            guard let spent = try await tokens.spendUse(key) else { throw .permissionDenied }
            resolved = ResolvedToken(value: resolved.value, key: key, entry: spent)
        }
        return resolved
    }

    /// The live token behind the request, without spending a use: for answers that only depend
    /// on who asks (the mounts and the OpenAPI document a caller may see), which the reference
    /// gives without counting a use.
    func identify(_ request: Request) async -> ResolvedToken? {
        guard let token = request.clientToken, !token.isEmpty, let resolved = try? await tokens.resolve(token),
            resolved.entry.numUses >= 0, Self.allowsSource(resolved.entry, request.remoteAddress)
        else { return nil }
        return resolved
    }

    /// Authenticates and authorizes a request no handler serves, so that only a caller the ACL lets
    /// through learns that nothing is there (404); anyone else gets the 403 a served path would give.
    private func authorizeUnrouted(_ request: Request, trail: AuditTrail?) async throws(CoreError) {
        let caller = try await authenticate(request)
        trail?.caller = caller
        let operation: Operation = request.operation == .head ? .read : request.operation
        trail?.allowed = false
        try await authorize(caller, operation: operation, path: request.path, data: request.data, sudo: false)
        trail?.allowed = true
    }

    /// Paths whose answers are not wrapped even when a wrap TTL is asked for.
    static let neverWrapped: Set<String> = ["sys/wrapping/unwrap", "sys/wrapping/lookup", "sys/wrapping/rewrap"]

    /// Paths the reference answers in its HTTP layer, outside its router: they are never audited
    /// (they answer while audit is broken), and `X-Vault-Wrap-TTL` is ignored on them, malformed
    /// or not, so no caller mints a wrapping token through them.
    public static let answeredOutsideRouter: Set<String> = [
        "sys/health", "sys/seal-status", "sys/leader", "sys/init", "sys/metrics",
    ]

    /// Revokes a use-limited token whose last use this request spent, whatever the outcome.
    func revokeIfExhausted(_ caller: ResolvedToken?) async throws(CoreError) {
        if let caller, caller.entry.numUses < 0, let key = caller.key {
            try await tokens.revokeTree(key)
        }
    }

    /// True unless the token is bound to CIDR blocks and the request comes from outside all of them.
    static func allowsSource(_ entry: TokenEntry, _ address: String?) -> Bool {
        guard let blocks = entry.boundCIDRs, !blocks.isEmpty else { return true }
        guard let address else { return false }
        return blocks.contains { CIDRBlock($0)?.contains(address) == true }
    }

    /// Checks the caller's policies for the request; 403 unless they grant it (and `sudo` if needed).
    func authorize(
        _ caller: ResolvedToken, operation: Operation, path requestPath: String, data: [String: JSONValue], sudo: Bool,
        wrapTTL: Int64? = nil
    ) async throws(CoreError) {
        if caller.entry.isRoot { return }
        if caller.entry.policies == [Self.wrappingPolicy] {
            guard requestPath == "sys/wrapping/unwrap" else { throw .policyDenied }
            return
        }
        let acl = try await acl(for: caller.entry)
        var path = requestPath
        if operation == .list && !path.hasByteSuffix("/") { path += "/" }
        let decision = acl.authorize(operation: operation, path: path, data: data, wrapTTL: wrapTTL)
        guard decision.isAllowed, !sudo || decision.grantsSudo else {
            if case .denied(let reason) = decision {
                logger.debug("request denied", metadata: ["path": "\(path)", "reason": "\(reason)"])
            }
            throw .policyDenied
        }
    }

    /// True when the caller is a root token or its policies grant `sudo` on `path`.
    func hasSudo(_ caller: ResolvedToken, on path: String) async throws(CoreError) -> Bool {
        if caller.entry.isRoot { return true }
        if caller.entry.policies == [Self.wrappingPolicy] { return false }
        return try await acl(for: caller.entry).grantsSudo(on: path)
    }

    /// The compiled ACL of a token's policies.
    func acl(for entry: TokenEntry) async throws(CoreError) -> ACL {
        do { return try await policies.acl(for: entry.policies) } catch {
            throw .internalError("failed to load policies: \(error.message)")
        }
    }

    private func run(
        _ spec: PathSpec, captures: [String: String], relativePath: String, mount: MountTable.Mounted,
        request: Request, caller: ResolvedToken?, trail: AuditTrail? = nil
    ) async throws(CoreError) -> Response {
        var operation = request.operation
        if operation == .head { operation = .read }
        if spec.handlers[operation] == nil, operation == .create, spec.handlers[.update] != nil {
            operation = .update
        }
        let handler = spec.handlers[operation]
        var backendRequest = BackendRequest(
            operation: operation, path: relativePath, captures: captures, data: request.data, query: request.query,
            storage: mount.storage, mountPath: mount.entry.path, original: request, caller: caller)
        do {
            if let caller, !caller.entry.isRoot, !spec.checksOwnAccess {
                trail?.allowed = false
                if operation == .update, handler != nil, let exists = spec.existenceCheck,
                    try await !exists(backendRequest)
                {
                    backendRequest.operation = .create
                }
                try await authorize(
                    caller, operation: backendRequest.operation, path: request.path, data: request.data,
                    sudo: spec.requiresSudo(operation), wrapTTL: request.wrapTTL)
                if let normalized = spec.normalizedPath(
                    request.path, mountPath: mount.entry.path, captures: captures, operation: operation)
                {
                    try await authorize(
                        caller, operation: backendRequest.operation, path: normalized, data: request.data,
                        sudo: spec.requiresSudo(operation), wrapTTL: request.wrapTTL)
                }
                trail?.operation = backendRequest.operation
                backendRequest.operation = operation
                trail?.allowed = true
            } else if let trail, operation == .update, handler != nil, let exists = spec.existenceCheck {
                trail.operation = try await exists(backendRequest) ? .update : .create
            }
            try await recordRequest(trail)
            guard let handler else {
                if operation == .list { throw CoreError.unsupportedPathInMount }
                throw mount.entry.type == "system"
                    ? CoreError.unsupportedOperation
                    : CoreError(.unsupportedOperation, ["1 error occurred:\n\t* unsupported operation\n\n"])
            }
            guard let table = spec.fieldTable else { return try await handler(backendRequest) ?? Response() }
            backendRequest.fields = try FieldValues(
                request.data, table: table, captures: captures,
                asWrite: spec.existenceCheck != nil && (operation == .update || operation == .create))
            guard var response = try await handler(backendRequest) else { return Response() }
            if response.status == nil, let warning = table.unrecognizedWarning(request.data, captures: captures) {
                response.warnings.append(warning)
            }
            return response
        } catch let error as CoreError {
            throw error
        } catch let error as StorageError {
            logger.error("storage failure", metadata: ["path": "\(request.path)", "error": "\(error.message)"])
            throw .internalError(error.message)
        } catch {
            logger.error("handler failure", metadata: ["path": "\(request.path)", "error": "\(error)"])
            throw .internalError("internal error")
        }
    }
}
