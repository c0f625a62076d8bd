import CofferAPI
import Hummingbird
import HummingbirdTesting
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

    /// Hummingbird's router-level client reaches the responder without the listener's channel; both
    /// ways give the same answers.
    @Test func routerAndListenerAnswerAlike() async throws {
        let server = try await TestServer.dev()
        let requests: [(HTTPRequest.Method, String, String?)] = [
            (.get, "sys/health", nil), (.get, "nosuchmount/x", nil), (.put, "secret/data/a", #"{"data":{"k":"v"}}"#),
            (.get, "secret/data/a", nil), (.init("LIST")!, "secret/metadata/", nil), (.init("BREW")!, "secret/x", nil),
            (.post, "secret/data/b", "{"), (.head, "sys/health", nil), (.delete, "secret/metadata/a", nil),
        ]
        var answersBySetup: [[String]] = []
        for setup in [TestingSetup.router, .live] {
            answersBySetup.append(
                try await server.run(setup) { api in
                    var answers: [String] = []
                    for (method, path, body) in requests {
                        let response = try await api.call(method, path, rawBody: body)
                        let shape =
                            response.status >= 400
                            ? response.rawBody
                            : (response.data?.objectValue?.keys.sorted() ?? []).joined(separator: ",")
                        answers.append("\(response.status) \(response.headers[.contentType] ?? "-") \(shape)")
                    }
                    return answers
                })
        }
        #expect(answersBySetup[0] == answersBySetup[1])
        #expect(
            answersBySetup[1].map { $0.prefix(3) } == ["200", "404", "200", "200", "200", "405", "400", "200", "204"])
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
