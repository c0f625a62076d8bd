import CofferAPI

/// `sys/capabilities`, `sys/capabilities-self`, `sys/capabilities-accessor`: what a token may do on paths.
extension SystemBackend {
    func capabilities(_ request: BackendRequest) async throws -> Response? {
        guard let token = try request.fields.string("token"), !token.isEmpty else {
            throw CoreError.internalError("1 error occurred:\n\t* no token found\n\n")
        }
        guard let resolved = try await core.tokens.resolve(token) else {
            throw CoreError.badRequest("1 error occurred:\n\t* invalid token\n\n")
        }
        return try await answer(for: resolved.entry, request)
    }

    func capabilitiesSelf(_ request: BackendRequest) async throws -> Response? {
        guard let caller = request.caller else { throw CoreError.permissionDenied }
        return try await answer(for: caller.entry, request)
    }

    func capabilitiesAccessor(_ request: BackendRequest) async throws -> Response? {
        guard let accessor = try request.fields.string("accessor"), !accessor.isEmpty else {
            throw CoreError.badRequest("missing accessor")
        }
        guard let key = try await core.tokens.key(forAccessor: accessor),
            let entry = try await core.tokens.liveEntry(key)
        else { throw CoreError.badRequest("1 error occurred:\n\t* invalid accessor\n\n") }
        return try await answer(for: entry, request)
    }

    /// One key per path with its sorted capabilities (and `capabilities` when one path was asked).
    private func answer(for entry: TokenEntry, _ request: BackendRequest) async throws -> Response {
        let fields = request.fields
        var paths = try fields.strings("paths") ?? []
        if paths.isEmpty { paths = try fields.strings("path") ?? [] }
        guard !paths.isEmpty else { throw CoreError.badRequest("paths must be supplied") }
        let acl = try await core.acl(for: entry)
        var data: [String: JSONValue] = [:]
        for path in paths {
            let names = Self.names(acl, path: path.hasBytePrefix("/") ? String(path.dropFirst()) : path)
            data[path] = .array(names.map { .string($0) })
        }
        if paths.count == 1 { data["capabilities"] = data[paths[0]] }
        return Response(data: data, framing: .envelopeAndRaw)
    }

    private static func names(_ acl: ACL, path: String) -> [String] {
        if acl.isRoot { return ["root"] }
        let granted = acl.capabilities(for: path)
        let names = Capability.allCases.filter { $0 != .deny && granted.contains($0) }.map(\.rawValue).sorted()
        return names.isEmpty ? ["deny"] : names
    }
}
