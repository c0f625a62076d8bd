import CofferAPI
import Hummingbird
import Testing

@Suite("errors in Vault's envelope")
struct ErrorEnvelopeTests {
    @Test func unknownPathsAndMethods() async throws {
        try await TestServer.dev().run { api in
            let unknown = try await api.call(.get, "nosuchmount/x")
            #expect(unknown.status == 404)
            #expect(unknown.errors?.first?.contains("no handler for route") == true)
            #expect(try await api.call(.get, "nosuchmount/x", token: nil).status == 403)
            #expect(try await api.call(.get, "sys/seal").status == 405)
            #expect(try await api.call(HTTPRequest.Method("BREW")!, "secret/x").status == 405)
            let patch = try await api.call(.patch, "secret/x", json: ["a": "b"])
            #expect(patch.status == 400)
        }
    }

    @Test func oversizedBodyIs413() async throws {
        let server = TestServer(maxRequestSize: 1024)
        _ = try await server.core.startDev(rootTokenID: "root")
        try await server.run { api in
            let big = "{\"data\":{\"v\":\"" + String(repeating: "x", count: 2048) + "\"}}"
            let response = try await api.call(.put, "secret/data/big", rawBody: big)
            #expect(response.status == 413)
            #expect(response.errors == ["http: request body too large"])
            #expect(try await api.call(.get, "secret/data/big").status == 404)
        }
    }

    @Test func sealedServerAnswers503() async throws {
        try await TestServer.dev().run { api in
            #expect(try await api.call(.put, "sys/seal").status == 204)
            for path in ["secret/x", "sys/mounts", "nope/x"] {
                let response = try await api.call(.get, path)
                #expect(response.status == 503)
                #expect(response.errors == ["Vault is sealed"])
            }
            #expect(try await api.call(.get, "sys/leader", token: nil).body == ["ha_enabled": false])
        }
    }

    @Test func healthOverrides() async throws {
        try await TestServer.dev().run { api in
            let health = try await api.call(.get, "sys/health", token: nil)
            #expect(health.status == 200)
            #expect(health.body?["initialized"] == true)
            #expect(health.body?["standby"] == false)
            #expect(try await api.call(.get, "sys/health?activecode=299", token: nil).status == 299)
            #expect(try await api.call(.get, "sys/health?sealedcode=299", token: nil).status == 200)
            #expect(try await api.call(.get, "sys/health?activecode=abc", token: nil).status == 400)
            #expect(try await api.call(.get, "sys/health?activecode=1000", token: nil).status == 400)
            let head = try await api.call(.head, "sys/health", token: nil)
            #expect(head.status == 200)
            #expect(head.rawBody.isEmpty)
            _ = try await api.call(.put, "sys/seal")
            #expect(try await api.call(.get, "sys/health?sealedcode=299", token: nil).status == 299)
        }
    }
}
