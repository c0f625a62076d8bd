import CofferAPI

/// `sys/mounts`, `sys/mounts/<path>`, `sys/internal/ui/mounts[/<path>]`.
extension SystemBackend {
    func listMounts(_ request: BackendRequest) async throws -> Response? {
        let all = core.mounts.secretMounts.mapValues(\.apiValue)
        return Response(data: all, framing: .envelopeAndRaw)
    }

    func readMount(_ request: BackendRequest) async throws -> Response? {
        let path = MountTable.normalize(request.capture("path"))
        guard let entry = core.mounts.entry(at: path) else {
            throw CoreError.badRequest("No secret engine mount at \(path)")
        }
        return Response(data: entry.apiValue.objectValue, framing: .envelopeAndRaw)
    }

    func enableMount(_ request: BackendRequest) async throws -> Response? {
        let fields = request.fields
        let path = MountTable.normalize(request.capture("path"))
        guard let type = try fields.string("type"), !type.isEmpty else {
            throw CoreError.badRequest("backend type must be specified as a string")
        }
        var options = try fields.pairs("options") ?? [:]
        if let version = try fields.string("version") { options["version"] = version }
        let ttls = try leaseTTLs(of: request)
        try await core.mounts.enable(
            path: path, type: type, description: try fields.string("description") ?? "", options: options,
            defaultLeaseTTL: ttls.default, maxLeaseTTL: ttls.max, storage: core.barrier)
        core.logger.info("mount enabled", metadata: ["path": "\(path)", "type": "\(type)"])
        return nil
    }

    /// A new mount's `config` lease TTLs, within the server's: a default past the given or the
    /// server's max, or a max past the server's, is refused.
    func leaseTTLs(of request: BackendRequest) throws(CoreError) -> (default: Int64, max: Int64) {
        let config = try request.fields.json("config")?.objectValue ?? [:]
        let defaultTTL = try Self.configTTL(config, "default_lease_ttl")
        let maxTTL = try Self.configTTL(config, "max_lease_ttl")
        let systemMax = core.config.maxLeaseTTL
        if maxTTL > systemMax {
            throw .badRequest("max_lease_ttl of \(maxTTL) exceeds the server's max lease TTL of \(systemMax)")
        }
        if maxTTL > 0, defaultTTL > maxTTL {
            throw .badRequest("given default lease TTL greater than given max lease TTL")
        }
        if defaultTTL > systemMax {
            throw .badRequest("given default lease TTL greater than system max lease TTL of \(systemMax)")
        }
        return (defaultTTL, maxTTL)
    }

    /// A TTL of a new mount's `config`: a duration as text or seconds; 0 when absent or empty.
    private static func configTTL(_ config: [String: JSONValue], _ name: String) throws(CoreError) -> Int64 {
        guard let value = config[name], value != .null, value != .string("") else { return 0 }
        do { return try BoundedDuration(json: value).seconds } catch {
            throw .badRequest("error converting input for field \"\(name)\": \(error.description)")
        }
    }

    func disableMount(_ request: BackendRequest) async throws -> Response? {
        let path = MountTable.normalize(request.capture("path"))
        let disabled = try await core.mounts.disable(path: path, storage: core.barrier) { _ throws(CoreError) in
            try await core.leases.revokePrefix(path, force: false, sync: true)
        }
        if disabled {
            core.logger.info("mount disabled", metadata: ["path": "\(path)"])
        }
        return nil
    }

    /// The mounts the caller's policies grant something in, secrets engines and auth methods
    /// apart; without a valid token, only those tuned to be listed without one (as Vault answers).
    func listVisibleMounts(_ request: BackendRequest) async throws -> Response? {
        var secret: [String: JSONValue] = [:]
        var auth: [String: JSONValue] = [:]
        let (mounts, authenticated) = try await visibleMounts(request)
        for (path, mount) in mounts {
            let entry = mount.entry
            if path.hasBytePrefix(MountTable.authPrefix) {
                auth[String(path.droppingBytes(MountTable.authPrefix.utf8.count))] = entry.apiValue
            } else if authenticated {
                secret[path] = entry.apiValue
            } else {
                secret[path] = [
                    "type": .string(entry.type), "description": .string(entry.description),
                    "options": .object(entry.options.mapValues { .string($0) }),
                ]
            }
        }
        return Response(data: ["auth": .object(auth), "secret": .object(secret)])
    }

    /// The mounts a request may see, and whether it came with a live token (no use of it spent):
    /// with one, every mount
    /// its policies grant something under; without, the secrets engines tuned to be listed
    /// unauthenticated (`listing_visibility=unauth`).
    func visibleMounts(_ request: BackendRequest) async throws -> ([String: MountTable.Mounted], Bool) {
        let all = core.mounts.all
        guard let caller = await core.identify(request.original) else {
            let listed = all.filter { path, mount in
                !path.hasBytePrefix(MountTable.authPrefix) && mount.entry.listingVisibility == "unauth"
            }
            return (listed, false)
        }
        guard !caller.entry.isRoot else { return (all, true) }
        let acl = try await core.acl(for: caller.entry)
        return (all.filter { path, _ in acl.grantsAnything(under: path) }, true)
    }

    /// The OpenAPI document of the mounts the caller may see, as `sys/internal/ui/mounts` shows
    /// them, made from their path tables.
    func openAPIDocument(_ request: BackendRequest) async throws -> Response? {
        let (mounts, _) = try await visibleMounts(request)
        let described = mounts.map { OpenAPIDocument.Mount(path: $0.key, paths: $0.value.routes.specs) }
        return Response.raw(OpenAPIDocument.make(described, version: CofferVersion.current))
    }

    /// Answers only if the caller may do something somewhere in the mount, so clients can learn a
    /// mount's KV version before reading through it (the read itself is checked as usual).
    func readVisibleMount(_ request: BackendRequest) async throws -> Response? {
        let target = request.capture("path")
        let preflightDenied = CoreError(
            .permissionDenied,
            [
                "preflight capability check returned 403, please ensure client's policies grant access to path \"\(MountTable.normalize(target))\""
            ])
        guard let (mount, _) = core.mounts.route(target) else { throw preflightDenied }
        if let caller = request.caller, !caller.entry.isRoot {
            let acl = try await core.acl(for: caller.entry)
            guard acl.grantsAnything(under: mount.entry.path) else { throw preflightDenied }
        }
        var data = mount.entry.apiValue.objectValue ?? [:]
        data["path"] = .string(mount.entry.path)
        return Response(data: data)
    }
}
