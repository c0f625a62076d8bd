import CofferAPI

/// `sys/leases/*`: look up, list, renew and revoke leases, count and list irrevocable ones, tidy.
extension SystemBackend {
    var leasePaths: [PathSpec] {
        [
            PathSpec("leases/lookup", help: "Look up a lease by ID; LIST the leases (needs sudo).")
                .on(.update, handler: lookupLease).on(.list, handler: listLeases).sudo(.list)
                .fields(Self.leaseIDField),
            PathSpec("leases/lookup/{prefix*}", help: "List the leases under a prefix (needs sudo).")
                .on(.list, handler: listLeases).sudo()
                .fields(Self.prefixField),
            PathSpec("leases/renew/{url_lease_id*}", help: "Renew a lease.").on(.update, handler: renewLease)
                .fields(
                    Self.leaseIDField, Self.urlLeaseIDField,
                    FieldSpec("increment", .duration, "The seconds of life to ask for from now; 0 asks for the lease's TTL.")),
            PathSpec("leases/revoke/{url_lease_id*}", help: "Revoke a lease.").on(.update, handler: revokeLease)
                .fields(Self.leaseIDField, Self.urlLeaseIDField, Self.syncField),
            PathSpec("leases/revoke-prefix/{prefix*}", help: "Revoke every lease under a prefix (needs sudo).")
                .on(.update, handler: revokeLeasePrefix).sudo()
                .fields(Self.prefixField, Self.syncField),
            PathSpec("leases/revoke-force/{prefix*}", help: "Forget every lease under a prefix (needs sudo).")
                .on(.update, handler: forceRevokeLeases).sudo()
                .fields(Self.prefixField),
            PathSpec("leases/tidy", help: "Remove lease index entries that lead nowhere.")
                .on(.update, handler: tidyLeases).fields(),
            PathSpec("leases/count", help: "Count irrevocable leases.").on(.read, handler: countLeases)
                .fields(Self.irrevocableTypeField, Self.includeChildField),
            PathSpec("leases", help: "List irrevocable leases (needs sudo).").on(.read, handler: listIrrevocableLeases)
                .sudo()
                .fields(
                    Self.irrevocableTypeField, Self.includeChildField,
                    FieldSpec(
                        "limit", .string,
                        "How many leases to list at most: a positive integer, or \"none\" for all.")),
        ]
    }

    private static let leaseIDField = FieldSpec("lease_id", .string, "The lease's ID, as issued with it.")
    private static let urlLeaseIDField = FieldSpec(
        "url_lease_id", .string, "The lease's ID in the path, where the body names none.")
    private static let prefixField = FieldSpec("prefix", .string, "The lease ID prefix, such as a mount's path.")
    private static let syncField = FieldSpec(
        "sync", .bool, "Whether to answer once revoked (true) or at once, revoking in the background.",
        default: true)
    private static let irrevocableTypeField = FieldSpec(
        "type", .lowerCaseString, "Which leases: \"irrevocable\", the leases whose revocation gave up.")
    private static let includeChildField = FieldSpec(
        "include_child_namespaces", .bool, "Whether to include leases of child namespaces; there are none.")

    func lookupLease(_ request: BackendRequest) async throws -> Response? {
        Response(data: try await core.leases.lookup(try Self.leaseID(request)))
    }

    func listLeases(_ request: BackendRequest) async throws -> Response? {
        var prefix = request.captures["prefix"] ?? ""
        if !prefix.isEmpty, !prefix.hasByteSuffix("/") { prefix += "/" }
        let keys = try await core.leases.list(prefix)
        guard !keys.isEmpty else { throw CoreError.notFoundEmpty }
        return Response(data: ["keys": .array(keys.map { .string($0) })])
    }

    func renewLease(_ request: BackendRequest) async throws -> Response? {
        let increment = try request.fields.duration("increment") ?? 0
        return try await core.leases.renew(try Self.leaseID(request), increment: increment)
    }

    func revokeLease(_ request: BackendRequest) async throws -> Response? {
        let id = try Self.leaseID(request)
        guard try request.fields.bool("sync") ?? true else {
            try await core.leases.revokeLater(id)
            return Response(status: 202)
        }
        try await core.leases.revoke(id, force: false)
        return nil
    }

    func revokeLeasePrefix(_ request: BackendRequest) async throws -> Response? {
        let sync = try request.fields.bool("sync") ?? true
        try await core.leases.revokePrefix(try Self.prefix(request), force: false, sync: sync)
        return sync ? nil : Response(status: 202)
    }

    func forceRevokeLeases(_ request: BackendRequest) async throws -> Response? {
        try await core.leases.revokePrefix(try Self.prefix(request), force: true, sync: true)
        return nil
    }

    /// Starts a tidy in the background and answers 202 at once, as the reference does.
    func tidyLeases(_ request: BackendRequest) async throws -> Response? {
        let leases = core.leases
        let logger = core.logger
        Task {
            do {
                guard let changed = try await leases.tidy() else {
                    return logger.info("lease tidy already in progress")
                }
                logger.info("lease tidy finished", metadata: ["entries_changed": "\(changed)"])
            } catch {
                logger.error("lease tidy failed", metadata: ["error": "\(error)"])
            }
        }
        return Response(
            warnings: [
                "Tidy operation successfully started. Any information from the operation will be printed to the server's logs."
            ], status: 202)
    }

    func countLeases(_ request: BackendRequest) async throws -> Response? {
        guard try Self.asksForIrrevocable(request) else { throw CoreError.notFoundEmpty }
        return Response(data: try await core.leases.irrevocableCounts())
    }

    func listIrrevocableLeases(_ request: BackendRequest) async throws -> Response? {
        guard try Self.asksForIrrevocable(request) else { throw CoreError.notFoundEmpty }
        let (data, warning) = try await core.leases.irrevocableList(limit: try Self.irrevocableLimit(request))
        return Response(data: data, warnings: warning.map { [$0] } ?? [])
    }

    /// The lease ID from the body, else from the path; a 400 when neither names one.
    private static func leaseID(_ request: BackendRequest) throws(CoreError) -> String {
        let id = try request.fields.string("lease_id") ?? ""
        let fromPath = request.captures["url_lease_id"] ?? ""
        guard !(id.isEmpty ? fromPath : id).isEmpty else { throw .badRequest("lease_id must be specified") }
        return id.isEmpty ? fromPath : id
    }

    /// The prefix of a revoke-prefix or revoke-force request; the reference routes none without one.
    private static func prefix(_ request: BackendRequest) throws(CoreError) -> String {
        let prefix = request.capture("prefix")
        guard !prefix.isEmpty else { throw .unsupportedPathInMount }
        return prefix
    }

    private static func asksForIrrevocable(_ request: BackendRequest) throws(CoreError) -> Bool {
        try request.fields.string("type") == "irrevocable"
    }

    /// `limit`: absent for the default, `none` for all, else a positive integer.
    private static func irrevocableLimit(_ request: BackendRequest) throws(CoreError) -> Int? {
        guard let text = try request.fields.string("limit"), !text.isEmpty else {
            return ExpirationManager.irrevocableListLimit
        }
        if text.lowercased() == "none" { return nil }
        guard let limit = Int(text) else { throw .badRequest("invalid 'limit' provided: \(text) is not an integer") }
        guard limit >= 1 else { throw .badRequest("limit must be 'none' or a positive integer") }
        return limit
    }
}
