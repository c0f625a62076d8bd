import CofferClient
import Foundation
import Testing

@testable import CofferCLI

@Suite struct LoginAnswerTests {
    func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// What `LoginAnswer.extract` makes of `body`, with a client no answer is asked of.
    func extract(_ body: JSONValue, unwrap: Bool) async -> Result<LoginAnswer, CommandFailure> {
        let client = CofferClient(address: "http://127.0.0.1:1", token: "old", caCertPath: nil, skipVerify: false)
        let result: Result<LoginAnswer, CommandFailure>
        do throws(CommandFailure) {
            result = .success(try await LoginAnswer.extract(body, client: client, unwrap: unwrap))
        } catch {
            result = .failure(error)
        }
        await client.shutdown()
        return result
    }

    /// `PUT auth/userpass/login/alice` on OpenBao 2.7.2.
    var userpassLogin: JSONValue {
        get throws {
            try json(
                #"""
                {"request_id":"18d6a5ab-c7b9-28b8-cef5-1f928ceb7b3d","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":null,"auth":{"client_token":"s.FVFrkqkJtLPb2vgwAE8ZpmQq","accessor":"PT25dMi098GIAOsUj3kKpw7e","policies":["default","dev"],"token_policies":["default","dev"],"metadata":{"username":"alice"},"lease_duration":2764800,"renewable":true,"entity_id":"651b231a-df3b-955c-dd34-db9df6f0bb22","token_type":"service","orphan":true,"mfa_requirement":null,"num_uses":0}}
                """#)
        }
    }

    /// The same login with `X-Vault-Wrap-TTL: 5m`.
    var wrappedLogin: JSONValue {
        get throws {
            try json(
                #"""
                {"request_id":"","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":{"token":"s.ULorGNOdj6iuRpWNDvcPgVu2","accessor":"9IrG4vCi2MI8OwL8X2CRgBc8","ttl":300,"creation_time":"2026-12-07T06:34:30.754818212Z","creation_path":"auth/userpass/login/alice","wrapped_accessor":"4CGL3AVLckBa61SnrI4OdzPF"},"warnings":null,"auth":null}
                """#)
        }
    }

    @Test func theTokenIsTheAnswersClientToken() async throws {
        guard case .success(.authenticated(let token, _)) = await extract(try userpassLogin, unwrap: true) else {
            Issue.record("not authenticated")
            return
        }
        #expect(token == "s.FVFrkqkJtLPb2vgwAE8ZpmQq")
    }

    /// `bao login -method=userpass` prints the auth block with the token's lease fields and metadata.
    @Test func userpassLoginPrintsAsVaultDoes() throws {
        let secret = SecretOutput(body: try userpassLogin)
        #expect(
            secret.rendered(.table).out == """
                Key                    Value
                ---                    -----
                token                  s.FVFrkqkJtLPb2vgwAE8ZpmQq
                token_accessor         PT25dMi098GIAOsUj3kKpw7e
                token_duration         768h
                token_renewable        true
                token_policies         ["default" "dev"]
                identity_policies      []
                policies               ["default" "dev"]
                token_meta_username    alice

                """)
        #expect(
            secret.rendered(.json).out.hasSuffix(
                """
                  "auth": {
                    "client_token": "s.FVFrkqkJtLPb2vgwAE8ZpmQq",
                    "accessor": "PT25dMi098GIAOsUj3kKpw7e",
                    "policies": [
                      "default",
                      "dev"
                    ],
                    "token_policies": [
                      "default",
                      "dev"
                    ],
                    "identity_policies": null,
                    "metadata": {
                      "username": "alice"
                    },
                    "orphan": true,
                    "entity_id": "651b231a-df3b-955c-dd34-db9df6f0bb22",
                    "lease_duration": 2764800,
                    "renewable": true,
                    "mfa_requirement": null
                  }
                }

                """))
        #expect(secret.field("token_policies") == ["default", "dev"])
    }

    @Test func aWrappedAnswerStaysWrappedWhenNothingIsKept() async throws {
        guard case .success(.wrapped(let secret)) = await extract(try wrappedLogin, unwrap: false) else {
            Issue.record("not wrapped")
            return
        }
        #expect(secret.field("wrapping_token") == "s.ULorGNOdj6iuRpWNDvcPgVu2")
    }

    @Test func anAnswerWithoutATokenIsAnError() async throws {
        guard case .failure(let noAuth) = await extract(["data": ["a": "b"]], unwrap: true) else {
            Issue.record("no failure")
            return
        }
        #expect(noAuth == .remote("Error extracting token: no auth or wrapping info in response"))
        let noToken: JSONValue = ["wrap_info": ["token": "s.w", "wrapped_accessor": ""]]
        guard case .failure(let noWrappedToken) = await extract(noToken, unwrap: true) else {
            Issue.record("no failure")
            return
        }
        #expect(noWrappedToken == .remote("Error extracting token: wrapped response does not contain a token"))
    }
}
