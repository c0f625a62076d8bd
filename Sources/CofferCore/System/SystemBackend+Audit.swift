import CofferAPI

/// `sys/audit`: list, enable and disable audit devices (all need sudo); `sys/audit-hash`.
extension SystemBackend {
    var auditPaths: [PathSpec] {
        [
            PathSpec("audit", help: "List the audit devices (needs sudo).").on(.read, handler: listAuditDevices).sudo(),
            PathSpec("audit/{path*}", help: "Enable or disable an audit device (needs sudo).")
                .on(.update, handler: enableAuditDevice).on(.delete, handler: disableAuditDevice).sudo(),
            PathSpec("audit-hash/{path*}", help: "The HMAC an audit device writes for a value.")
                .on(.update, handler: auditHash),
        ]
    }

    func listAuditDevices(_ request: BackendRequest) async throws -> Response? {
        var table: [String: JSONValue] = [:]
        for entry in core.audit.entries { table[entry.path] = .object(entry.apiValue) }
        return Response(data: table, framing: .envelopeAndRaw)
    }

    func enableAuditDevice(_ request: BackendRequest) async throws -> Response? {
        guard core.config.allowsAPIAuditCreation else {
            throw CoreError.badRequest(
                "cannot enable audit device via API; use declarative, config-based audit device management instead")
        }
        let path = try Self.auditPath(request)
        let fields = FieldReader(request.data)
        try await core.enableAudit(
            AuditDeviceEntry(
                path: path, type: try fields.string("type") ?? "", description: try fields.string("description") ?? "",
                options: try fields.stringMap("options") ?? [:], local: try fields.bool("local") ?? false))
        return nil
    }

    func disableAuditDevice(_ request: BackendRequest) async throws -> Response? {
        try await core.disableAudit(try Self.auditPath(request))
        return nil
    }

    func auditHash(_ request: BackendRequest) async throws -> Response? {
        guard let input = try FieldReader(request.data).string("input"), !input.isEmpty else {
            throw CoreError.badRequest("the \"input\" parameter is empty")
        }
        let hash = try core.auditHash(try Self.auditPath(request), input: input)
        return Response(data: ["hash": .string(hash)], framing: .envelopeAndRaw)
    }

    /// The device path of the request; `sys/audit/` alone names none.
    private static func auditPath(_ request: BackendRequest) throws(CoreError) -> String {
        let path = request.capture("path")
        guard !path.isEmpty else { throw .unsupportedPathInMount }
        return path
    }
}
