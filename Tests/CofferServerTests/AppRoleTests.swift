import CofferAPI
import CofferCore
import CofferSecrets
import Testing

@testable import CofferAuth

/// AppRole through the API: what the conformance scenario cannot show against the reference
/// (where the reference answers 500, or the test needs Coffer's clock).
@Suite("AppRole through the API")
struct AppRoleTests {
    /// A dev server with `approle/` enabled, its secret IDs stamped by `clock`.
    static func run(clock: ManualClock = ManualClock(), _ test: @Sendable (APIClient) async throws -> Void)
        async throws
    {
        var engines = EngineRegistry()
        SecretEngines.register(in: &engines, defaultLeaseTTL: 768 * 3600)
        engines.registerCredential("approle") { _ in AppRoleBackend(now: { clock.now }) }
        try await TestServer.runDev(engines: engines) { api in
            #expect(try await api.call(.post, "sys/auth/approle", json: ["type": "approle"]).status == 204)
            try await test(api)
        }
    }

    /// Logs in with a fresh secret ID of `role`; returns the whole answer.
    static func login(_ api: APIClient, role: String) async throws -> APIResponse {
        let roleID = try #require(try await api.call(.get, "auth/approle/role/\(role)/role-id").data?["role_id"])
        let secret = try await api.call(.post, "auth/approle/role/\(role)/secret-id", json: [:])
        let secretID = try #require(secret.data?["secret_id"])
        return try await api.call(
            .post, "auth/approle/login", token: nil, json: ["role_id": roleID, "secret_id": secretID])
    }

    @Test func refusalsTheReferenceAnswersWith500AreBadRequests() async throws {
        try await Self.run { api in
            _ = try await api.call(.post, "auth/approle/role/a", json: ["role_id": "shared"])
            let taken = try await api.call(.post, "auth/approle/role/b", json: ["role_id": "shared"])
            #expect(taken.status == 400)
            #expect(taken.errors == ["role_id already in use"])
            #expect(try await api.call(.get, "auth/approle/role/b").status == 404)

            let open = try await api.call(.post, "auth/approle/role/c", json: ["bind_secret_id": false])
            #expect(open.status == 400)
            #expect(open.errors == ["at least one constraint should be enabled on the role"])

            let login = try await api.call(.post, "auth/approle/login", token: nil, json: [:])
            #expect(login.status == 400)
            #expect(login.errors == ["missing role_id"])
        }
    }

    @Test func aTokenOutlivesItsRoleButCannotRenew() async throws {
        try await Self.run { api in
            _ = try await api.call(.post, "auth/approle/role/web", json: ["token_ttl": "1h"])
            let token = try #require(try await Self.login(api, role: "web").body?["auth"]?["client_token"]?.stringValue)
            #expect(try await api.call(.delete, "auth/approle/role/web").status == 204)
            let renewal = try await api.call(.post, "auth/token/renew-self", token: token)
            #expect(renewal.status == 400)
            #expect(renewal.errors == ["role \"web\" does not exist during renewal"])
            #expect(try await api.call(.get, "auth/token/lookup-self", token: token).status == 200)
        }
    }

    @Test func loginsSeeEveryChangeToTheRole() async throws {
        try await Self.run { api in
            _ = try await api.call(.post, "auth/approle/role/web", json: ["token_ttl": "1h", "role_id": "first-id"])
            let secret = try #require(
                try await api.call(.post, "auth/approle/role/web/secret-id", json: [:]).data?["secret_id"])
            let login: @Sendable (String) async throws -> APIResponse = { roleID in
                try await api.call(
                    .post, "auth/approle/login", token: nil, json: ["role_id": .string(roleID), "secret_id": secret])
            }
            #expect(try await login("first-id").body?["auth"]?["lease_duration"] == 3600)
            _ = try await api.call(.post, "auth/approle/role/web", json: ["token_ttl": "20m"])
            #expect(try await login("first-id").body?["auth"]?["lease_duration"] == 1200)
            _ = try await api.call(.post, "auth/approle/role/web/role-id", json: ["role_id": "second-id"])
            #expect(try await login("first-id").errors == ["invalid role or secret ID"])
            #expect(try await login("second-id").status == 200)
            _ = try await api.call(.delete, "auth/approle/role/web")
            #expect(try await login("second-id").errors == ["invalid role or secret ID"])
        }
    }

    @Test func aRoleWithoutPoliciesGivesTheDefaultPolicyNeverRoot() async throws {
        try await Self.run { api in
            _ = try await api.call(.post, "auth/approle/role/bare", json: [:])
            let auth = try await Self.login(api, role: "bare").body?["auth"]
            #expect(auth?["policies"] == ["default"])

            _ = try await api.call(.post, "auth/approle/role/none", json: ["token_no_default_policy": true])
            let refused = try await Self.login(api, role: "none")
            #expect(refused.status == 400)
            #expect(refused.errors == ["token must have at least one policy"])
        }
    }

    @Test func theMountsTuningBoundsTheTokens() async throws {
        try await Self.run { api in
            let tuned = try await api.call(
                .post, "sys/auth/approle/tune", json: ["default_lease_ttl": "30m", "max_lease_ttl": "2h"])
            #expect(tuned.status == 204)
            _ = try await api.call(.post, "auth/approle/role/plain", json: [:])
            #expect(try await Self.login(api, role: "plain").body?["auth"]?["lease_duration"] == 1800)
            _ = try await api.call(.post, "auth/approle/role/long", json: ["token_ttl": "5h"])
            let capped = try await Self.login(api, role: "long")
            #expect(capped.body?["auth"]?["lease_duration"] == 7200)
        }
    }

    @Test func batchTokenRoles() async throws {
        try await Self.run { api in
            _ = try await api.call(.post, "auth/approle/role/ci", json: ["token_type": "batch", "token_ttl": "10m"])
            let auth = try await Self.login(api, role: "ci").body?["auth"]
            #expect(auth?["token_type"] == "batch")
            #expect(auth?["accessor"] == "")
            #expect(auth?["lease_duration"] == 600)
            let token = try #require(auth?["client_token"]?.stringValue)
            #expect(
                try await api.call(.get, "auth/token/lookup-self", token: token).data?["path"] == "auth/approle/login")
        }
    }

    @Test func expiredSecretIDsFailAndAreTidied() async throws {
        let clock = ManualClock()
        try await Self.run(clock: clock) { api in
            _ = try await api.call(.post, "auth/approle/role/short", json: ["secret_id_ttl": "10m"])
            let roleID = try #require(try await api.call(.get, "auth/approle/role/short/role-id").data?["role_id"])
            let kept = try #require(
                try await api.call(.post, "auth/approle/role/short/secret-id", json: [:]).data?["secret_id"])
            let unused = try #require(
                try await api.call(.post, "auth/approle/role/short/secret-id", json: [:]).data?["secret_id"])
            clock.advance(seconds: 599)
            let early = try await api.call(
                .post, "auth/approle/login", token: nil, json: ["role_id": roleID, "secret_id": kept])
            #expect(early.status == 200)
            clock.advance(seconds: 2)
            let late = try await api.call(
                .post, "auth/approle/login", token: nil, json: ["role_id": roleID, "secret_id": kept])
            #expect(late.errors == ["invalid role or secret ID"])
            #expect(try await api.list("auth/approle/role/short/secret-id").data?["keys"]?.arrayValue?.count == 1)
            let tidy = try await api.call(.post, "auth/approle/tidy/secret-id", json: [:])
            #expect(tidy.body?["warnings"] == ["removed 1 expired secret IDs"])
            #expect(try await api.list("auth/approle/role/short/secret-id").status == 404)
            let lookup = try await api.call(
                .post, "auth/approle/role/short/secret-id/lookup", json: ["secret_id": unused])
            #expect(lookup.status == 204)
        }
    }

    @Test func disablingTheMethodRevokesItsTokensAndTheirChildren() async throws {
        try await Self.run { api in
            _ = try await api.call(
                .put, "sys/policy/maker", json: ["policy": "path \"auth/token/create\" { capabilities = [\"update\"] }"]
            )
            _ = try await api.call(.post, "auth/approle/role/maker", json: ["token_policies": "maker"])
            let token = try #require(
                try await Self.login(api, role: "maker").body?["auth"]?["client_token"]?.stringValue)
            let child = try await api.call(.post, "auth/token/create", token: token, json: ["policies": ["default"]])
            let childToken = try #require(child.body?["auth"]?["client_token"]?.stringValue)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: childToken).status == 200)
            #expect(try await api.call(.delete, "sys/auth/approle").status == 204)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: token).status == 403)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: childToken).status == 403)
            #expect(try await api.call(.get, "sys/auth").body?["approle/"] == nil)
        }
    }
}
