import CofferAPI
import CofferCore
import Foundation

/// A secrets engine compiled into the tests only, never into the binary: `creds/<role>` issues a
/// leased secret (a user name), and `config` can make it refuse renewals or revocations, so the
/// expiration manager's retries and irrevocable leases can be shown. It records each revocation
/// under `revoked/<user>` in its own storage, so tests see revocations through the API and across
/// restarts.
struct LeaseTestBackend: LeasingBackend {
    static let type = "lease-test"

    let summary = "Issues leased secrets for tests, and fails their revocation when told to."

    var paths: [PathSpec] {
        [
            PathSpec("creds/{role}", help: "Issue a leased user name.").on(.read, handler: issue),
            PathSpec("config", help: "fail_revoke, fail_renew, renewable, ttl, max_ttl.")
                .on(.update, handler: configure),
            PathSpec("revoked", help: "The users revoked so far.").on(.list, handler: listRevoked),
        ]
    }

    private struct Settings: Codable {
        var failRevoke = false
        var failRenew = false
        var renewable = true
        var ttl: Int64 = 0
        var maxTTL: Int64 = 0
    }

    private func settings(_ storage: any Storage) async throws -> Settings {
        guard let bytes = try await storage.get("config") else { return Settings() }
        return try JSONDecoder().decode(Settings.self, from: Data(bytes))
    }

    private func issue(_ request: BackendRequest) async throws -> Response? {
        let settings = try await settings(request.storage)
        let user = "v-\(request.capture("role"))-\(UUID().uuidString.prefix(8).lowercased())"
        return Response(
            data: ["username": .string(user)],
            secret: SecretGrant(
                ttl: settings.ttl, maxTTL: settings.maxTTL, renewable: settings.renewable,
                internalData: ["username": .string(user)]))
    }

    private func configure(_ request: BackendRequest) async throws -> Response? {
        var settings = try await settings(request.storage)
        let fields = FieldReader(request.data)
        settings.failRevoke = try fields.bool("fail_revoke") ?? settings.failRevoke
        settings.failRenew = try fields.bool("fail_renew") ?? settings.failRenew
        settings.renewable = try fields.bool("renewable") ?? settings.renewable
        settings.ttl = try fields.duration("ttl") ?? settings.ttl
        settings.maxTTL = try fields.duration("max_ttl") ?? settings.maxTTL
        try await request.storage.put("config", Array(try JSONEncoder().encode(settings)))
        return nil
    }

    private func listRevoked(_ request: BackendRequest) async throws -> Response? {
        Response(data: ["keys": .array(try await request.storage.list(prefix: "revoked/").map { .string($0) })])
    }

    func renew(_ lease: Lease, ttl: Int64, storage: any Storage) async throws -> Int64 {
        if try await settings(storage).failRenew { throw CoreError.badRequest("the test database refuses renewals") }
        return ttl
    }

    func revoke(_ lease: Lease, storage: any Storage) async throws {
        if try await settings(storage).failRevoke { throw CoreError.badRequest("the test database is unreachable") }
        let user = lease.internalData["username"]?.stringValue ?? "unknown"
        try await storage.put("revoked/" + user, Array(lease.id.utf8))
    }
}
