import CofferAPI
import Foundation
import Hummingbird
import Testing

/// Random malformed requests never crash the server and always get a JSON answer. A failure carries
/// `errors`, or `warnings` where Vault answers that way (a KV v2 path without `data/`).
@Suite("HTTP fuzzing")
struct FuzzTests {
    @Test func malformedRequestsGetEnvelopes() async throws {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        let methods: [HTTPRequest.Method] = [
            .get, .put, .post, .delete, .patch, .head, .options, HTTPRequest.Method("LIST")!,
            HTTPRequest.Method("XYZ")!,
        ]
        let paths = [
            "secret/a", "secret/", "sys/mounts/", "sys/mounts/%2e%2e", "sys/unseal", "sys/init",
            "sys/health?activecode=",
            "secret/../../etc", "secret//double", "%ff%fe", "sys/internal/ui/mounts/%00", "secret/a?list=maybe",
            "sys/seal-status?x=y", String(repeating: "a/", count: 200),
        ]
        let bodies = [
            "", "{", "}", "null", "[]", "\"s\"", "1e999", "{\"a\":", "{\"key\":123}", "{\"type\":[]}", "\u{0}\u{1}",
            String(repeating: "[", count: 5000), "{\"secret_shares\":\"x\"}", "{\"options\":\"v\"}",
        ]
        let requests = (0..<400).map { _ in
            (
                methods.randomElement(using: &generator)!, paths.randomElement(using: &generator)!,
                bodies.randomElement(using: &generator)!
            )
        }
        try await TestServer.dev().run { api in
            for (method, path, body) in requests {
                let response = try await api.call(method, path, rawBody: body.isEmpty ? nil : body)
                #expect((200..<600).contains(response.status))
                if response.status >= 400, method != .head {
                    let explained = response.errors != nil || response.body?["warnings"]?.stringArray?.isEmpty == false
                    #expect(explained, "no errors or warnings for \(method) \(path): \(response.rawBody)")
                }
                #expect(response.headers[.contentType] == "application/json")
            }
            #expect(try await api.call(.get, "sys/health", token: nil).status == 200)
        }
    }
}

/// A deterministic generator so a failing fuzz run can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
