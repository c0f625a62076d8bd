import CofferAPI
import CofferCore

/// `login`: a role ID and, when the role binds one, a live secret ID within its CIDR limits.
extension AppRoleBackend {
    static let invalidCredentials = CoreError.invalidCredentials("invalid role or secret ID")

    func login(_ request: BackendRequest) async throws -> Response? {
        let fields = request.fields
        guard let roleID = try fields.string("role_id"), !roleID.isEmpty else {
            throw CoreError.badRequest("missing role_id")
        }
        guard let role = try await store.role(withID: roleID, in: request.storage) else {
            throw Self.invalidCredentials
        }
        let address = request.original.remoteAddress
        try Self.checkSource(address, role.secretIDBoundCIDRs, "by CIDR restrictions on the role")
        guard role.bindSecretID else {
            return Response(login: role.grant(metadata: [:], extraBoundCIDRs: []))
        }
        guard let secretID = try fields.string("secret_id"), !secretID.isEmpty else {
            throw CoreError.badRequest("missing secret_id")
        }
        let entry = try await store.locks.withLock(role.name) { () async throws -> AppRoleSecretID in
            let key = try await store.secretIDKey(role: role.name, secretID: secretID, in: request.storage)
            guard var entry = try await liveSecretID(at: key, role: role.name, in: request.storage) else {
                throw Self.invalidCredentials
            }
            try Self.checkSource(address, entry.cidrList, "through CIDR restrictions on the secret ID")
            switch entry.numUses {
            case 0: break
            case 1: try await destroy(key, role: role.name, in: request.storage)
            default:
                entry.numUses -= 1
                entry.lastUpdated = now()
                try await request.storage.put(key, entry.record())
            }
            return entry
        }
        return Response(login: role.grant(metadata: entry.metadata, extraBoundCIDRs: entry.tokenBoundCIDRs))
    }

    /// Refuses a login from outside `cidrs` (when there are any).
    private static func checkSource(_ address: String?, _ cidrs: [String], _ restriction: String) throws(CoreError) {
        guard !cidrs.isEmpty else { return }
        guard let address, cidrs.contains(where: { CIDRBlock($0)?.contains(address) == true }) else {
            throw .badRequest("source address \"\(address ?? "")\" unauthorized \(restriction)")
        }
    }
}
