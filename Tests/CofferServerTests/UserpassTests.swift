import CofferAPI
import CofferCore
import Testing

@testable import CofferAuth

/// Userpass through the API, where the reference answers 500, and its password hashes.
@Suite("Userpass through the API")
struct UserpassTests {
    @Test func passwordHashesMatchOnlyTheirPasswordAndSurviveTheirRecord() async throws {
        let hash = try await PasswordHash.make("correct horse")
        #expect(try await hash.matches("correct horse"))
        #expect(try await !hash.matches("correct horsE"))
        #expect(try await !hash.matches(""))
        #expect(PasswordHash(record: hash.record) == hash)
        #expect(try await PasswordHash.make("correct horse") != hash)
        #expect(!hash.record.serialized().contains(Array("correct horse".utf8)))
    }

    @Test func refusalsTheReferenceAnswersWith500AreBadRequests() async throws {
        try await TestServer.dev().run { api in
            _ = try await api.call(.post, "sys/auth/userpass", json: ["type": "userpass"])
            _ = try await api.call(.post, "auth/userpass/users/dana", json: ["password": "pw"])
            let noPassword = try await api.call(.post, "auth/userpass/login/dana", token: nil, json: [:])
            #expect(noPassword.status == 400)
            #expect(noPassword.errors == ["missing password"])
            let unknown = try await api.call(.post, "auth/userpass/users/erin/password", json: ["password": "pw"])
            #expect(unknown.status == 400)
            #expect(unknown.errors == ["username does not exist"])
        }
    }

    @Test func tokensRenewOnlyWhileTheUserExists() async throws {
        try await TestServer.dev().run { api in
            _ = try await api.call(.post, "sys/auth/userpass", json: ["type": "userpass"])
            _ = try await api.call(
                .post, "auth/userpass/users/dana", json: ["password": "pw", "token_ttl": "10m", "token_max_ttl": "1h"])
            let login = try await api.call(.post, "auth/userpass/login/dana", token: nil, json: ["password": "pw"])
            let token = try #require(login.body?["auth"]?["client_token"]?.stringValue)
            let renewed = try await api.call(.post, "auth/token/renew-self", token: token, json: ["increment": "2h"])
            #expect(renewed.body?["auth"]?["lease_duration"] == 3600)
            _ = try await api.call(.delete, "auth/userpass/users/dana")
            let refused = try await api.call(.post, "auth/token/renew-self", token: token)
            #expect(refused.errors == ["user \"dana\" does not exist during renewal"])
        }
    }
}
