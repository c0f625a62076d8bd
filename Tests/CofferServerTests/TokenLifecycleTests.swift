import CofferAPI
@testable import CofferCore
import Testing

@Suite("token expiry and revocation")
struct TokenLifecycleTests {
    private static func createToken(_ api: APIClient, token: String = "root", _ body: JSONValue) async throws -> String
    {
        let created = try await api.call(.post, "auth/token/create", token: token, json: body)
        return try #require(created.body?["auth"]?["client_token"]?.stringValue)
    }

    @Test func aChildDiesTheMomentItsParentExpires() async throws {
        let clock = TestClock()
        let server = try await TestServer.dev(clock: clock)
        try await server.run { api in
            let parent = try await Self.createToken(api, ["ttl": "60s"])
            let child = try await Self.createToken(api, token: parent, ["ttl": "1h", "policies": ["root"]])
            let orphan = try await Self.createToken(api, token: "root", ["ttl": "1h", "no_parent": true])
            #expect(try await api.call(.get, "auth/token/lookup-self", token: child).status == 200)

            clock.advance(by: 61)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: parent).status == 403)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: child).status == 403)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: orphan).status == 200)

            try await server.core.revokeExpiredTokens()
            let accessors = try await api.list("auth/token/accessors").data?["keys"]?.stringArray ?? []
            #expect(accessors.count == 2)
        }
    }

    @Test func aBatchTokenDiesWithItsParent() async throws {
        try await TestServer.dev().run { api in
            let parent = try await Self.createToken(api, ["ttl": "1h", "policies": ["root"]])
            let created = try await api.call(
                .post, "auth/token/create", token: "root", json: ["type": "batch", "policies": ["default"]])
            let batch = try #require(created.body?["auth"]?["client_token"]?.stringValue)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: batch).status == 200)
            let child = try await api.call(
                .post, "auth/token/create", token: parent, json: ["type": "batch", "policies": ["default"]])
            let batchChild = try #require(child.body?["auth"]?["client_token"]?.stringValue)
            #expect(try await api.call(.post, "auth/token/revoke-self", token: parent).status == 204)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: batchChild).status == 403)
        }
    }

    @Test func anInterruptedRevocationFinishesOnUnseal() async throws {
        let server = TestServer()
        let dev = try await server.core.startDev(rootTokenID: "root")
        try await server.run { api in
            let parent = try await Self.createToken(api, ["ttl": "1h"])
            let child = try await Self.createToken(api, token: parent, ["ttl": "1h"])
            let key = try server.core.tokens.key(of: parent)
            try await server.core.barrier.put(TokenStore.revokingPrefix + key, [])
            #expect(try await api.call(.put, "sys/seal").status == 204)
            _ = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(Hex.encode(dev.shares[0]))])
            #expect(try await api.call(.get, "auth/token/lookup-self", token: parent).status == 403)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: child).status == 403)
            #expect(try await server.core.barrier.get(TokenStore.revokingPrefix + key) == nil)
        }
    }

    @Test func theLastUseRunsThenTheTokenIsGone() async throws {
        try await TestServer.dev().run { api in
            let token = try await Self.createToken(api, ["num_uses": 2, "policies": ["default"]])
            #expect(try await api.call(.get, "auth/token/lookup-self", token: token).data?["num_uses"] == 1)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: token).data?["num_uses"] == -1)
            #expect(try await api.call(.get, "auth/token/lookup-self", token: token).status == 403)
        }
    }
}

@Suite("token type from the token mount's tuning")
struct TokenTypeTuningTests {
    @Test func defaultBatchMakesBatchTokensUnlessServiceIsAsked() async throws {
        try await TestServer.dev().run { api in
            #expect(
                try await api.call(.post, "sys/auth/token/tune", json: ["token_type": "default-batch"]).status == 204)
            let plain = try await api.call(.post, "auth/token/create", json: ["policies": ["default"]])
            #expect(plain.body?["auth"]?["token_type"] == "batch")
            let service = try await api.call(
                .post, "auth/token/create", json: ["policies": ["default"], "type": "service"])
            #expect(service.body?["auth"]?["token_type"] == "service")
            #expect(try await api.call(.get, "sys/auth/token/tune").data?["token_type"] == "default-batch")
        }
    }

    @Test func aForcedTypeRefusesTheOther() async throws {
        try await TestServer.dev().run { api in
            #expect(try await api.call(.post, "sys/auth/token/tune", json: ["token_type": "service"]).status == 204)
            let batch = try await api.call(
                .post, "auth/token/create", json: ["policies": ["default"], "type": "batch"])
            #expect(batch.status == 400)
            #expect(try await api.call(.post, "sys/auth/token/tune", json: ["token_type": "sometimes"]).status == 400)
        }
    }
}

extension TokenLifecycleTests {
    /// A renewal or a spent use racing a revocation never writes the revoked token back.
    /// The two requests go to the core side by side (the test client sends one at a time).
    @Test func aTokenRevokedWhileInUseStaysRevoked() async throws {
        let server = TestServer(storage: DelayedPutStorage(base: InMemoryStorage(), delay: .milliseconds(50)))
        _ = try await server.core.startDev(rootTokenID: "root")
        let core = server.core
        for path in ["auth/token/renew-self", "auth/token/lookup-self"] {
            var creation = Request(operation: .update, path: "auth/token/create", clientToken: "root")
            creation.data = ["ttl": "1h", "num_uses": path.hasSuffix("lookup-self") ? 5 : 0]
            let token = try #require(try await core.handle(creation).response.auth?["client_token"]?.stringValue)
            async let used = core.handle(Request(operation: .update, path: path, clientToken: token))
            async let revoked: CoreResponse = {
                try await Task.sleep(for: .milliseconds(10))
                return try await core.handle(
                    Request(operation: .update, path: "auth/token/revoke", data: ["token": .string(token)], clientToken: "root"))
            }()
            _ = try await (used, revoked)
            await #expect(throws: CoreError.self, "\(path)") {
                try await core.handle(Request(operation: .read, path: "auth/token/lookup-self", clientToken: token))
            }
        }
    }
}
