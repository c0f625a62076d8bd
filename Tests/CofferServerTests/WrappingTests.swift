import CofferAPI
import HTTPTypes
import Hummingbird
import Testing

@Suite("cubbyhole and response wrapping")
struct WrappingTests {
    @Test func cubbyholeIsPrivateAndDiesWithItsToken() async throws {
        try await TestServer.dev().run { api in
            let created = try await api.call(
                .post, "auth/token/create", json: ["policies": ["default"], "id": "cubbyhole-owner"])
            let token = try #require(created.body?["auth"]?["client_token"]?.stringValue)
            #expect(try await api.call(.put, "cubbyhole/note", token: token, json: ["k": "v"]).status == 204)
            #expect(try await api.call(.get, "cubbyhole/note", token: token).data == ["k": "v"])
            #expect(try await api.call(.get, "cubbyhole/note").status == 404)
            #expect(try await api.call(.post, "auth/token/revoke", json: ["token": .string(token)]).status == 204)
            let again = try await api.call(
                .post, "auth/token/create", json: ["policies": ["default"], "id": .string(token)])
            #expect(again.status == 200)
            #expect(try await api.call(.get, "cubbyhole/note", token: token).status == 404)
        }
    }

    @Test func aWrappedResponseUnwrapsExactlyOnce() async throws {
        try await TestServer.dev().run { api in
            _ = try await api.call(.put, "secret/data/db", json: ["data": ["password": "hunter2"]])
            let wrapped = try await api.call(
                .get, "secret/data/db", headers: [HTTPField.Name("X-Vault-Wrap-TTL")!: "90s"])
            #expect(wrapped.data == .null)
            #expect(!wrapped.rawBody.contains("hunter2"))
            #expect(wrapped.body?["wrap_info"]?["ttl"] == 90)
            #expect(wrapped.body?["wrap_info"]?["creation_path"] == "secret/data/db")
            #expect(wrapped.body?["request_id"] == "")
            let token = try #require(wrapped.body?["wrap_info"]?["token"]?.stringValue)
            let unwrapped = try await api.call(.post, "sys/wrapping/unwrap", json: ["token": .string(token)])
            #expect(unwrapped.data?["data"] == ["password": "hunter2"])
            #expect(unwrapped.data?["metadata"]?["version"] == 1)
            #expect(try await api.call(.post, "sys/wrapping/unwrap", json: ["token": .string(token)]).status == 400)
        }
    }

    @Test func usingAWrappingTokenElsewhereBurnsIt() async throws {
        try await TestServer.dev().run { api in
            _ = try await api.call(.put, "secret/data/db", json: ["data": ["password": "hunter2"]])
            let wrapped = try await api.call(
                .get, "secret/data/db", headers: [HTTPField.Name("X-Vault-Wrap-TTL")!: "90s"])
            let token = try #require(wrapped.body?["wrap_info"]?["token"]?.stringValue)
            #expect(try await api.call(.get, "secret/data/db", token: token).status == 403)
            let unwrap = try await api.call(.post, "sys/wrapping/unwrap", token: token)
            #expect(unwrap.status == 400)
            #expect(unwrap.errors == ["wrapping token is not valid or does not exist"])
        }
    }

    @Test func wrappingTTLBoundsOfAPolicyAreEnforced() async throws {
        try await TestServer.dev().run { api in
            let policy =
                #"path "secret/data/*" { capabilities = ["read"] min_wrapping_ttl = "1m" max_wrapping_ttl = "5m" }"#
            #expect(try await api.call(.put, "sys/policy/wrapped", json: ["policy": .string(policy)]).status == 204)
            let created = try await api.call(.post, "auth/token/create", json: ["policies": ["wrapped"]])
            let token = try #require(created.body?["auth"]?["client_token"]?.stringValue)
            _ = try await api.call(.put, "secret/data/x", json: ["data": ["a": "b"]])
            let header = HTTPField.Name("X-Vault-Wrap-TTL")!
            #expect(try await api.call(.get, "secret/data/x", token: token).status == 403)
            #expect(try await api.call(.get, "secret/data/x", token: token, headers: [header: "10s"]).status == 403)
            #expect(try await api.call(.get, "secret/data/x", token: token, headers: [header: "2m"]).status == 200)
            #expect(try await api.call(.get, "secret/data/x", token: token, headers: [header: "soon"]).status == 400)
        }
    }
}
