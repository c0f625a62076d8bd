import CofferAPI

/// `sys/audit`: list, enable and disable audit devices (all need sudo); `sys/audit-hash`.
extension SystemBackend {
    var auditPaths: [PathSpec] {
        [
            PathSpec("audit", help: "List the audit devices (needs sudo).").on(.read, handler: listAuditDevices).sudo()
                .fields(),
            PathSpec("audit/{path*}", help: "Enable or disable an audit device (needs sudo).")
                .on(.update, handler: enableAuditDevice).on(.delete, handler: disableAuditDevice).sudo()
                .fields(
                    Self.auditPathField, FieldSpec("type", .string, "The device type: file, socket or syslog."),
                    FieldSpec("description", .string, "What the device is for."),
                    FieldSpec("options", .keyValuePairs, "The device's options, such as file_path."),
                    FieldSpec("local", .bool, "Whether the device is local to this cluster.")),
            PathSpec("audit-hash/{path*}", help: "The HMAC an audit device writes for a value.")
                .on(.update, handler: auditHash)
                .fields(Self.auditPathField, FieldSpec("input", .string, "The value to hash.")),
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
        let fields = request.fields
        try await core.enableAudit(
            AuditDeviceEntry(
                path: path, type: try fields.string("type") ?? "", description: try fields.string("description") ?? "",
                options: try fields.pairs("options") ?? [:], local: try fields.bool("local") ?? false))
        return nil
    }

    func disableAuditDevice(_ request: BackendRequest) async throws -> Response? {
        try await core.disableAudit(try Self.auditPath(request))
        return nil
    }

    func auditHash(_ request: BackendRequest) async throws -> Response? {
        guard let input = try request.fields.string("input"), !input.isEmpty else {
            throw CoreError.badRequest("the \"input\" parameter is empty")
        }
        let hash = try core.auditHash(try Self.auditPath(request), input: input)
        return Response(data: ["hash": .string(hash)], framing: .envelopeAndRaw)
    }

    private static let auditPathField = FieldSpec("path", .string, "The device's path.")

    /// The device path of the request; `sys/audit/` alone names none.
    private static func auditPath(_ request: BackendRequest) throws(CoreError) -> String {
        let path = request.capture("path")
        guard !path.isEmpty else { throw .unsupportedPathInMount }
        return path
    }
}
