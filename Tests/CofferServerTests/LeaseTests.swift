import CofferAPI
import CofferCore
import CofferSQLite
import Foundation
import Logging
import Testing

/// Leases through the API: secrets from a test-only engine, login and token leases, renewal,
/// revocation, expiry, retries, irrevocable leases across a restart, and `revoke-force`.
@Suite("leases and the expiration manager")
struct LeaseTests {
    static func server(clock: TestClock, storage: any Storage = InMemoryStorage()) -> TestServer {
        TestServer(storage: storage, clock: clock) { engines in
            engines.register(LeaseTestBackend.type) { _ in LeaseTestBackend() }
        }
    }

    /// A dev server with the test engine at `db/`.
    static func dev(clock: TestClock) async throws -> TestServer {
        let server = server(clock: clock)
        _ = try await server.core.startDev(rootTokenID: "root")
        return server
    }

    static func mountEngine(_ api: APIClient, config: JSONValue = [:]) async throws {
        let mounted = try await api.call(
            .post, "sys/mounts/db", json: ["type": .string(LeaseTestBackend.type), "config": ["max_lease_ttl": "2h"]])
        try #require(mounted.status == 204, "\(mounted.rawBody)")
        try #require(try await api.call(.put, "db/config", json: config).status == 204)
    }

    static func issue(_ api: APIClient, token: String = "root") async throws -> (id: String, user: String) {
        let issued = try await api.call(.get, "db/creds/app", token: token)
        try #require(issued.status == 200, "\(issued.rawBody)")
        let id = try #require(issued.body?["lease_id"]?.stringValue)
        return (id, try #require(issued.data?["username"]?.stringValue))
    }

    static func revoked(_ api: APIClient) async throws -> [String] {
        try await api.list("db/revoked").data?["keys"]?.stringArray ?? []
    }

    static func lookup(_ api: APIClient, _ id: String) async throws -> APIResponse {
        try await api.call(.put, "sys/leases/lookup", json: ["lease_id": .string(id)])
    }

    @Test func aSecretCarriesALeaseThatLooksUpRenewsAndRevokes() async throws {
        let clock = TestClock()
        try await Self.dev(clock: clock).run { api in
            try await Self.mountEngine(api, config: ["ttl": "30m"])
            let issued = try await api.call(.get, "db/creds/app")
            let id = try #require(issued.body?["lease_id"]?.stringValue)
            #expect(id.hasPrefix("db/creds/app/") && id.count == "db/creds/app/".count + 24)
            #expect(issued.body?["lease_duration"] == 1800)
            #expect(issued.body?["renewable"] == true)

            let looked = try await Self.lookup(api, id)
            #expect(looked.data?["id"]?.stringValue == id)
            #expect(looked.data?["ttl"] == 1800)
            #expect(looked.data?["renewable"] == true)
            #expect(looked.data?["last_renewal"] == .null)

            clock.advance(by: 600)
            let renewed = try await api.call(.put, "sys/leases/renew", json: ["lease_id": .string(id), "increment": "1h"])
            #expect(renewed.status == 200)
            #expect(renewed.body?["lease_id"]?.stringValue == id)
            #expect(renewed.body?["lease_duration"] == 3600)
            #expect(try await Self.lookup(api, id).data?["last_renewal"]?.stringValue != nil)

            let capped = try await api.call(.put, "sys/leases/renew/" + id, json: ["increment": "5h"])
            #expect(capped.body?["lease_duration"] == .int(6600))
            #expect(capped.body?["warnings"]?.arrayValue?.first?.stringValue?.contains("exceeded the effective max_ttl") == true)

            #expect(try await api.call(.put, "sys/leases/revoke", json: ["lease_id": .string(id)]).status == 204)
            #expect(try await Self.revoked(api).count == 1)
            let gone = try await Self.lookup(api, id)
            #expect(gone.status == 400 && gone.errors == ["invalid lease"])
        }
    }

    @Test func badLeaseRequestsAreRefusedAndChangeNothing() async throws {
        let clock = TestClock()
        try await Self.dev(clock: clock).run { api in
            try await Self.mountEngine(api, config: ["renewable": false])
            let lease = try await Self.issue(api)
            let renewed = try await api.call(.put, "sys/leases/renew", json: ["lease_id": .string(lease.id)])
            #expect(renewed.status == 400 && renewed.errors == ["lease is not renewable"])
            let empty = try await api.call(.put, "sys/leases/lookup", json: ["lease_id": ""])
            #expect(empty.status == 400 && empty.errors == ["lease_id must be specified"])
            for id in ["db/creds/app/nope", "db/creds/app/\(lease.id)/", "\u{0}", " "] {
                let looked = try await Self.lookup(api, id)
                #expect(looked.status == 400 && looked.errors == ["invalid lease"], "\(id)")
            }
            let relative = try await Self.lookup(api, "../token/id/x")
            #expect(relative.errors == ["failed to read lease entry ../token/id/x: relative paths not supported"])
            #expect(try await api.call(.put, "sys/leases/revoke-prefix/nothing/here").status == 204)
            #expect(try await Self.lookup(api, lease.id).status == 200)
            #expect(try await Self.revoked(api).isEmpty)
        }
    }

    @Test func listingNeedsSudoAndShowsFolders() async throws {
        let clock = TestClock()
        try await Self.dev(clock: clock).run { api in
            try await Self.mountEngine(api)
            let lease = try await Self.issue(api)
            _ = try await api.call(
                .put, "sys/policy/lister",
                json: ["policy": #"path "sys/leases/lookup/*" { capabilities = ["list", "update"] }"#])
            _ = try await api.call(
                .put, "sys/policy/sudoer",
                json: ["policy": #"path "sys/leases/lookup/*" { capabilities = ["list", "sudo"] }"#])
            let lister = try #require(
                try await api.call(.post, "auth/token/create", json: ["policies": ["lister"]]).body?["auth"]?[
                    "client_token"]?.stringValue)
            let sudoer = try #require(
                try await api.call(.post, "auth/token/create", json: ["policies": ["sudoer"]]).body?["auth"]?[
                    "client_token"]?.stringValue)
            #expect(try await api.list("sys/leases/lookup/db/creds/", token: lister).status == 403)
            let listed = try await api.list("sys/leases/lookup/db/creds/", token: sudoer)
            #expect(listed.data?["keys"]?.stringArray == ["app/"])
            let leaf = try await api.list("sys/leases/lookup/db/creds/app", token: sudoer)
            #expect(leaf.data?["keys"]?.stringArray == [String(lease.id.split(separator: "/").last!)])
            let top = try await api.list("sys/leases/lookup/")
            #expect(top.data?["keys"]?.stringArray == ["auth/", "db/"])
        }
    }

    @Test func dueLeasesAreRevokedThroughTheirEngine() async throws {
        let clock = TestClock()
        let server = try await Self.dev(clock: clock)
        try await server.run { api in
            try await Self.mountEngine(api, config: ["ttl": "60s"])
            let first = try await Self.issue(api)
            _ = try await Self.issue(api)
            clock.advance(by: 30)
            await server.core.revokeDueLeases()
            #expect(try await Self.revoked(api).isEmpty)
            clock.advance(by: 31)
            await server.core.revokeDueLeases()
            #expect(try await Self.revoked(api).count == 2)
            #expect(try await Self.lookup(api, first.id).status == 400)
        }
    }

    @Test func revokingATokenRevokesTheSecretsItObtained() async throws {
        let clock = TestClock()
        let server = try await Self.dev(clock: clock)
        try await server.run { api in
            try await Self.mountEngine(api)
            let created = try await api.call(.post, "auth/token/create", json: ["ttl": "1h"])
            let token = try #require(created.body?["auth"]?["client_token"]?.stringValue)
            let child = try #require(
                try await api.call(.post, "auth/token/create", token: token, json: ["ttl": "1h"]).body?["auth"]?[
                    "client_token"]?.stringValue)
            let mine = try await Self.issue(api, token: token)
            let childs = try await Self.issue(api, token: child)
            let others = try await Self.issue(api)
            #expect(try await api.call(.post, "auth/token/revoke", json: ["token": .string(token)]).status == 204)
            await server.core.revokeDueLeases()
            #expect(Set(try await Self.revoked(api)) == [mine.user, childs.user])
            #expect(try await Self.lookup(api, others.id).status == 200)
        }
    }

    @Test func loginAndTokenLeasesFollowTheirTokens() async throws {
        let clock = TestClock()
        try await Self.dev(clock: clock).run { api in
            _ = try await api.call(.post, "sys/auth/userpass", json: ["type": "userpass"])
            _ = try await api.call(.post, "auth/userpass/users/alice", json: ["password": "pw", "token_ttl": "1h"])
            let login = try await api.call(.post, "auth/userpass/login/alice", token: nil, json: ["password": "pw"])
            let token = try #require(login.body?["auth"]?["client_token"]?.stringValue)
            let keys = try #require(try await api.list("sys/leases/lookup/auth/userpass/login/alice").data?["keys"]?.stringArray)
            #expect(keys.count == 1 && keys[0].hasPrefix("h") && keys[0].count == 65)
            let id = "auth/userpass/login/alice/" + keys[0]
            let looked = try await Self.lookup(api, id)
            #expect(looked.data?["ttl"] == 3600 && looked.data?["renewable"] == true)
            let renewed = try await api.call(.put, "sys/leases/renew", json: ["lease_id": .string(id)])
            #expect(renewed.status == 400 && renewed.errors == ["tokens cannot be renewed through this endpoint"])

            let created = try await api.call(.post, "auth/token/create-orphan", json: ["ttl": "1h"])
            let other = try #require(created.body?["auth"]?["client_token"]?.stringValue)
            #expect(try await api.list("sys/leases/lookup/auth/token/create-orphan").data?["keys"]?.stringArray?.count == 1)
            let root = try #require(try await api.list("sys/leases/lookup/auth/token/create").data?["keys"]?.stringArray)
            let rootLease = try await Self.lookup(api, "auth/token/create/" + root[0])
            #expect(root.count == 1 && rootLease.data?["expire_time"] == .null && rootLease.data?["renewable"] == false)

            #expect(try await api.call(.put, "sys/leases/revoke", json: ["lease_id": .string(id)]).status == 204)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: token).status == 403)
            #expect(try await api.call(.put, "sys/leases/revoke-prefix/auth/token/create-orphan").status == 204)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: other).status == 403)
            #expect(try await api.list("sys/leases/lookup/auth/").data?["keys"]?.stringArray == ["token/"])
        }
    }

    /// Unmounts the server refuses revoke nothing: the refusal comes before any revocation.
    @Test func aRefusedUnmountRevokesNoLease() async throws {
        let clock = TestClock()
        try await Self.dev(clock: clock).run { api in
            let created = try await api.call(.post, "auth/token/create", json: ["ttl": "1h"])
            let token = try #require(created.body?["auth"]?["client_token"]?.stringValue)
            for path in ["sys/mounts/auth/token", "sys/auth/token", "sys/mounts/sys", "sys/mounts/cubbyhole"] {
                #expect(try await api.call(.delete, path).status == 400, "\(path)")
            }
            #expect(try await api.call(.get, "auth/token/lookup-self").status == 200)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: token).status == 200)
            #expect(try await api.list("sys/leases/lookup/auth/token/create").data?["keys"]?.stringArray?.count == 2)
        }
    }

    @Test func revocationLaterAndByPrefixAndWithTheMount() async throws {
        let clock = TestClock()
        let server = try await Self.dev(clock: clock)
        try await server.run { api in
            try await Self.mountEngine(api)
            let later = try await Self.issue(api)
            let lazy = try await api.call(.put, "sys/leases/revoke", json: ["lease_id": .string(later.id), "sync": false])
            #expect(lazy.status == 202)
            await server.core.revokeDueLeases()
            #expect(try await Self.revoked(api) == [later.user])
            _ = try await Self.issue(api)
            _ = try await Self.issue(api)
            #expect(try await api.call(.put, "sys/leases/revoke-prefix/db/creds").status == 204)
            #expect(try await Self.revoked(api).count == 3)
            _ = try await Self.issue(api)
            #expect(try await api.call(.delete, "sys/mounts/db").status == 204)
            #expect(try await api.list("sys/leases/lookup/").data?["keys"]?.stringArray == ["auth/"])
        }
    }
}
