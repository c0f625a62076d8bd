import CofferAPI

/// `sys/auth` (listing, enabling and disabling auth methods), mount tuning (`sys/auth/<path>/tune`, `sys/mounts/<path>/tune`), token counters.
extension SystemBackend {
    func listAuthMounts(_ request: BackendRequest) async throws -> Response? {
        Response(data: core.mounts.authMounts.mapValues(\.apiValue), framing: .envelopeAndRaw)
    }

    func enableAuth(_ request: BackendRequest) async throws -> Response? {
        let path = MountTable.normalize(request.capture("path"))
        if path == "token/" { throw CoreError.badRequest("token credential backend cannot be instantiated") }
        let fields = request.fields
        guard let type = try fields.string("type"), !type.isEmpty else {
            throw CoreError.badRequest("backend type must be specified as a string")
        }
        let ttls = try leaseTTLs(of: request)
        try await core.mounts.enable(
            path: path, type: type, description: try fields.string("description") ?? "", options: [:],
            defaultLeaseTTL: ttls.default, maxLeaseTTL: ttls.max, storage: core.barrier, authMethod: true)
        core.logger.info(
            "auth method enabled", metadata: ["path": "\(MountTable.authPrefix + path)", "type": "\(type)"])
        return nil
    }

    /// Disables an auth method after revoking every token its logins issued, as Vault does.
    func disableAuth(_ request: BackendRequest) async throws -> Response? {
        let path = MountTable.authPrefix + MountTable.normalize(request.capture("path"))
        try await core.mounts.disable(path: path, storage: core.barrier, authMethod: true) { _ throws(CoreError) in
            let revoked = try await core.tokens.revokeIssued(under: path)
            core.logger.info("auth method disabled", metadata: ["path": "\(path)", "revoked_tokens": "\(revoked)"])
        }
        return nil
    }

    func readAuthTune(_ request: BackendRequest) async throws -> Response? {
        try tuneView(MountTable.authPrefix + request.capture("path"))
    }

    func writeAuthTune(_ request: BackendRequest) async throws -> Response? {
        try await tune(MountTable.authPrefix + request.capture("path"), request.fields)
        return nil
    }

    func readMountTune(_ request: BackendRequest) async throws -> Response? {
        try tuneView(request.capture("path"))
    }

    /// Tuning an auth method here needs what `sys/auth/<path>/tune` needs: `sudo` there.
    func writeMountTune(_ request: BackendRequest) async throws -> Response? {
        let path = MountTable.normalize(request.capture("path"))
        if path.hasBytePrefix(MountTable.authPrefix), let caller = request.caller,
            try await !core.hasSudo(caller, on: "sys/\(path)tune")
        {
            throw CoreError.policyDenied
        }
        let options = try request.fields.pairs("options") ?? [:]
        if !options.isEmpty, let entry = core.mounts.entry(at: path) { try MountTable.checkOptionsTunable(entry) }
        try await tune(request.capture("path"), request.fields)
        guard !options.isEmpty else { return nil }
        let warnings = try await core.mounts.changeOptions(
            path: request.capture("path"), options: options, storage: core.barrier)
        return warnings.isEmpty ? nil : Response(warnings: warnings)
    }

    func tokenCounters(_ request: BackendRequest) async throws -> Response? {
        let total = try await core.tokens.accessors().count
        return Response(data: ["counters": ["service_tokens": ["total": .int(Int64(total))]]])
    }

    /// A TTL to tune: a duration, or `system` for the server's default (stored as 0); nil when
    /// absent or empty.
    private static func tunedTTL(_ fields: FieldValues, _ name: String) throws(CoreError) -> Int64? {
        guard let text = try fields.string(name), !text.isEmpty else { return nil }
        if text == "system" { return 0 }
        do { return try BoundedDuration(parsing: text).seconds } catch {
            throw .badRequest("error converting input for field \"\(name)\": \(error.description)")
        }
    }

    /// The effective TTLs of a mount (the server's where the mount sets none).
    private func tuneView(_ rawPath: String) throws(CoreError) -> Response {
        let path = MountTable.normalize(rawPath)
        guard let entry = core.mounts.entry(at: path) else {
            throw .badRequest("cannot fetch sysview for path \"\(path)\"")
        }
        var data: [String: JSONValue] = [
            "default_lease_ttl": .int(entry.defaultLeaseTTL > 0 ? entry.defaultLeaseTTL : core.config.defaultLeaseTTL),
            "max_lease_ttl": .int(entry.maxLeaseTTL > 0 ? entry.maxLeaseTTL : core.config.maxLeaseTTL),
            "description": .string(entry.description),
            "force_no_cache": false,
        ]
        if entry.path.hasBytePrefix(MountTable.authPrefix) {
            data["token_type"] = .string(entry.options["token_type"] ?? "default-service")
        }
        data.merge(entry.tunedSettings) { _, tuned in tuned }
        let options = entry.options.filter { $0.key != "token_type" || !entry.path.hasBytePrefix(MountTable.authPrefix) }
        if !options.isEmpty, entry.type != "token" {
            data["options"] = .object(options.mapValues { .string($0) })
        }
        return Response(data: data, framing: .envelopeAndRaw)
    }

    private func tune(_ rawPath: String, _ fields: FieldValues) async throws(CoreError) {
        let defaultTTL = try Self.tunedTTL(fields, "default_lease_ttl")
        let maxTTL = try Self.tunedTTL(fields, "max_lease_ttl")
        let description = try fields.string("description")
        let tokenType = try fields.string("token_type")
        let visibility = try fields.string("listing_visibility")
        if let visibility, !["", "unauth", "hidden"].contains(visibility) {
            throw .badRequest("invalid listing_visibility \(visibility)")
        }
        let requestKeys = try fields.strings("audit_non_hmac_request_keys")
        let responseKeys = try fields.strings("audit_non_hmac_response_keys")
        guard core.mounts.entry(at: MountTable.normalize(rawPath)) != nil else {
            throw .badRequest("tune of path \"\(MountTable.normalize(rawPath))\" failed: no mount entry found")
        }
        let systemMax = core.config.maxLeaseTTL
        try await core.mounts.tune(path: rawPath, storage: core.barrier) { entry throws(CoreError) in
            let newDefault = defaultTTL ?? entry.defaultLeaseTTL
            let newMax = maxTTL ?? entry.maxLeaseTTL
            // As the reference checks: a value left to the system's is not compared with the other.
            if newDefault > 0, newMax > 0, newDefault > newMax {
                throw .badRequest(
                    "backend max lease TTL of \(newMax) would be less than backend default lease TTL of \(newDefault)")
            }
            if newMax > systemMax {
                throw .badRequest("max_lease_ttl of \(newMax) exceeds the server's max lease TTL of \(systemMax)")
            }
            entry.defaultLeaseTTL = newDefault
            entry.maxLeaseTTL = newMax
            if let description { entry.description = description }
            if let visibility { entry.listingVisibility = visibility.isEmpty ? nil : visibility }
            if let requestKeys { entry.auditNonHMACRequestKeys = requestKeys }
            if let responseKeys { entry.auditNonHMACResponseKeys = responseKeys }
            if let tokenType {
                guard entry.path.hasBytePrefix(MountTable.authPrefix) else {
                    throw .badRequest("'token_type' can only be modified on auth mounts")
                }
                guard ["service", "batch", "default-service", "default-batch"].contains(tokenType) else {
                    throw .badRequest("invalid value for 'token_type'")
                }
                entry.options["token_type"] = tokenType
            }
        }
    }
}
