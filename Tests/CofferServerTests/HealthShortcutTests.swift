import CofferAPI
import Testing

/// The listener answers `sys/health` of an unsealed server without the request pipeline; these
/// check it answers every form of the request as the pipeline does (Hummingbird's in-process
/// client reaches the pipeline only).
@Suite("sys/health answered by the listener as by the pipeline")
struct HealthShortcutTests {
    /// Requests the shortcut takes, those it must leave to the pipeline, and malformed ones.
    private static let forms: [(method: String, path: String)] = [
        ("GET", "sys/health"), ("HEAD", "sys/health"), ("GET", "sys/health?activecode=299"),
        ("HEAD", "sys/health?activecode=299"), ("GET", "sys/health?activecode=abc"),
        ("GET", "sys/health?activecode=1000"), ("GET", "sys/health?activecode=-1"),
        ("GET", "sys/health?standbyok=maybe"), ("GET", "sys/health?standbyok="),
        ("GET", "sys/health?sealedcode=299&uninitcode=298"), ("GET", "sys/health?list=true"),
        ("GET", "sys/health?activecode=299&activecode=abc"), ("GET", "sys/health?"), ("GET", "sys/health/"),
        ("GET", "sys/healthz"), ("GET", "sys//health"), ("GET", "sys/health%3Factivecode=299"),
        ("POST", "sys/health"), ("DELETE", "sys/health"), ("LIST", "sys/health"),
        ("GET", "sys/health?activecode=204"), ("GET", "sys/health?activecode=304"),
        ("GET", "sys/health?activecode=100"), ("HEAD", "sys/health?activecode=204"),
    ]

    /// The status and the body, its server time left out.
    private func answer(_ api: APIClient, _ method: String, _ path: String) async throws -> String {
        let response = try await api.call(.init(method)!, path, token: nil)
        var body = response.body?.objectValue
        if body?["server_time_utc"]?.intValue != nil { body?["server_time_utc"] = .int(0) }
        return "\(response.status) \(body.map { String(decoding: JSONValue.object($0).serialized(), as: UTF8.self) } ?? response.rawBody)"
    }

    @Test func everyFormAnswersAsThePipelineDoes() async throws {
        let server = try await TestServer.dev()
        for (method, path) in Self.forms {
            let listener = try await server.run(.live) { try await answer($0, method, path) }
            let pipeline = try await server.run(.router) { try await answer($0, method, path) }
            #expect(listener == pipeline, "\(method) \(path)")
        }
    }

    @Test func aStatusWithoutBodyIsSentWithoutOne() async throws {
        try await TestServer.dev().run(.live) { api in
            for code in ["204", "304"] {
                let answer = try await api.call(.get, "sys/health?activecode=" + code, token: nil)
                #expect(answer.status == Int(code)!)
                #expect(answer.rawBody.isEmpty)
                #expect(answer.headers[.contentLength] == nil)
            }
            let informational = try await api.call(.get, "sys/health?activecode=100", token: nil)
            #expect(informational.status == 200)
            #expect(informational.body?["initialized"] == true)
        }
    }

    /// Paths the reference answers outside its router ignore `X-Vault-Wrap-TTL`, malformed or not:
    /// no caller, with or without a token, mints a wrapping token through them.
    @Test func pathsOutsideTheRouterAreNeverWrapped() async throws {
        try await TestServer.dev().run(.live) { api in
            for path in ["sys/health", "sys/seal-status", "sys/leader", "sys/init"] {
                for ttl in ["60s", "abc", "-5"] {
                    for token in [nil, "root"] as [String?] {
                        let answer = try await api.call(
                            .get, path, token: token, headers: [.init("X-Vault-Wrap-TTL")!: ttl])
                        #expect(answer.status == 200, "\(path) \(ttl)")
                        #expect(answer.body?["wrap_info"] == nil, "\(path) \(ttl)")
                    }
                }
            }
            let wrapped = try await api.call(.get, "sys/mounts", headers: [.init("X-Vault-Wrap-TTL")!: "60s"])
            #expect(wrapped.body?["wrap_info"]?["token"]?.stringValue?.isEmpty == false)
            let refused = try await api.call(.get, "sys/mounts", headers: [.init("X-Vault-Wrap-TTL")!: "abc"])
            #expect(refused.status == 400)
        }
    }

    @Test func aSealedServerIsAnsweredByThePipeline() async throws {
        let server = try await TestServer.dev()
        try await server.run(.live) { api in
            let active = try await api.call(.get, "sys/health", token: nil)
            #expect(active.status == 200)
            #expect(active.body?["cluster_id"]?.stringValue?.isEmpty == false)
            #expect(try await api.call(.put, "sys/seal").status == 204)
            let sealed = try await api.call(.get, "sys/health", token: nil)
            #expect(sealed.status == 503)
            #expect(sealed.body?["sealed"] == true)
            #expect(sealed.body?["cluster_id"] == nil)
            #expect(try await api.call(.get, "sys/health?sealedcode=299", token: nil).status == 299)
        }
    }
}
