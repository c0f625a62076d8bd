import CofferClient
import Testing

@testable import CofferCLI

@Suite struct LoginCommandTests {
    let rootLookup: JSONValue = [
        "accessor": "fpiZ6JClCRyZHGxvZHSIMGMq", "creation_ttl": 0, "display_name": "token", "entity_id": "",
        "expire_time": nil, "id": "root", "meta": nil, "orphan": true, "policies": ["root"], "renewable": false,
        "ttl": 0, "type": "service",
    ]

    /// `bao login -no-store root` on a dev server (OpenBao 2.7.2).
    @Test func rootLoginShowsAnEndlessToken() {
        #expect(
            SecretOutput(body: LoginAnswer.envelope(lookup: rootLookup)).rendered(.table).out == """
                Key                  Value
                ---                  -----
                token                root
                token_accessor       fpiZ6JClCRyZHGxvZHSIMGMq
                token_duration       ∞
                token_renewable      false
                token_policies       ["root"]
                identity_policies    []
                policies             ["root"]

                """)
    }

    /// `bao login -format=json TOKEN`: the auth built from the lookup, identity policies after the token's.
    @Test func loginEnvelopeMirrorsAnAuthMethodsAnswer() {
        let lookup: JSONValue = [
            "id": "s.uj", "accessor": "IHzu", "policies": ["default", "foo"], "identity_policies": ["team"],
            "meta": ["a": "b"], "ttl": 3599, "renewable": true, "orphan": true,
        ]
        let envelope = LoginAnswer.envelope(lookup: lookup)
        #expect(
            SecretOutput(body: envelope).rendered(.json).out == """
                {
                  "request_id": "",
                  "lease_id": "",
                  "lease_duration": 0,
                  "renewable": false,
                  "data": null,
                  "warnings": null,
                  "auth": {
                    "client_token": "s.uj",
                    "accessor": "IHzu",
                    "policies": [
                      "default",
                      "foo",
                      "team"
                    ],
                    "token_policies": [
                      "default",
                      "foo"
                    ],
                    "identity_policies": [
                      "team"
                    ],
                    "metadata": {
                      "a": "b"
                    },
                    "orphan": false,
                    "entity_id": "",
                    "lease_duration": 3599,
                    "renewable": true,
                    "mfa_requirement": null
                  }
                }

                """)
        #expect(SecretOutput(body: envelope).field("token") == "s.uj")
    }

    @Test func loginFlagsParse() throws {
        let login = try LoginCommand.parse(["-no-store", "-field=token_duration", "-method=token", "-"])
        #expect(login.noStore && login.field == "token_duration" && login.method == "token" && login.arguments == ["-"])
        #expect(try LoginCommand.parse(["-token-only"]).arguments == [])
        let userpass = try LoginCommand.parse([
            "-method=userpass", "-path=people", "-no-print", "username=alice", "password=pw",
        ])
        #expect(userpass.method == "userpass" && userpass.path == "people" && userpass.noPrint)
        #expect(userpass.arguments == ["username=alice", "password=pw"])
    }

    @Test func theTokenFileIsInTheHomeDirectory() {
        #expect(CommonOptions.tokenFilePath(environment: ["HOME": "/home/ann"]) == "/home/ann/.coffer-token")
        #expect(CommonOptions.tokenFilePath(environment: [:]) == nil)
    }
}
