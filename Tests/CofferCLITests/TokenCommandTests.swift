import CofferClient
import Foundation
import Testing

@testable import CofferCLI

@Suite struct TokenCommandTests {
    func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func createFlagsBecomeTheRequestBody() throws {
        let create = try TokenCreate.parse([
            "-policy=a", "-policy", "b", "-ttl=1h", "-explicit-max-ttl=2h", "-period=30m", "-use-limit=3", "-orphan",
            "-renewable=false", "-display-name=web", "-metadata=user=ann", "-metadata=team=x", "-no-default-policy",
            "-role=ci", "-field=token", "-wrap-ttl=5m",
        ])
        #expect(create.field == "token" && create.common.wrapTTL == "5m")
        let request = try create.makeRequest()
        #expect(request.path == "auth/token/create/ci")
        #expect(
            request.body == [
                "policies": ["a", "b"], "ttl": "3600s", "explicit_max_ttl": "7200s", "period": "1800s",
                "num_uses": 3, "no_parent": true, "renewable": false, "display_name": "web",
                "meta": ["user": "ann", "team": "x"], "no_default_policy": true, "type": "service",
            ])
    }

    @Test func defaultsLeaveChoicesToTheServerAndBatchTokensDoNotRenew() throws {
        let plain = try TokenCreate.parse([]).makeRequest()
        #expect(plain.path == "auth/token/create")
        #expect(plain.body == ["renewable": true, "type": "service"])
        #expect(try TokenCreate.parse(["-type=batch"]).makeRequest().body == ["renewable": false, "type": "batch"])
        #expect(throws: (any Error).self) { try TokenCreate.parse(["-ttl=soon"]) }
        #expect(throws: (any Error).self) { try TokenCreate.parse(["-renewable"]) }
    }

    @Test func lookupNamesTheCallerATokenOrAnAccessor() throws {
        #expect(try TokenLookup.subject([], accessor: false) == .current)
        #expect(try TokenLookup.subject([" s.abc\n"], accessor: false) == .token("s.abc"))
        #expect(try TokenLookup.subject(["acc"], accessor: true) == .accessor("acc"))
        #expect(throws: CommandFailure.usage("Not enough arguments with -accessor (expected 1, got 0)")) {
            try TokenLookup.subject([], accessor: true)
        }
        #expect(throws: CommandFailure.usage("Too many arguments (expected 0-1, got 2)")) {
            try TokenLookup.subject(["a", "b"], accessor: false)
        }
    }

    @Test func revokeModesAndTheirConflicts() throws {
        func revocation(_ arguments: [String], accessor: Bool = false, revokeSelf: Bool = false, mode: String? = nil)
            throws(CommandFailure) -> TokenRevocation
        {
            try TokenRevoke.revocation(arguments, accessor: accessor, revokeSelf: revokeSelf, mode: mode)
        }
        #expect(try revocation(["t"]) == .tree("t"))
        #expect(try revocation(["t"], mode: "orphan") == .orphan("t"))
        #expect(try revocation(["auth/token/create"], mode: "path") == .prefix("auth/token/create"))
        #expect(try revocation(["acc"], accessor: true) == .accessor("acc"))
        #expect(try revocation([], revokeSelf: true) == .current)
        #expect(throws: CommandFailure.usage("Invalid mode: bad")) { try revocation(["t"], mode: "bad") }
        #expect(throws: CommandFailure.usage("Not enough arguments (expected 1 or -self, got 0)")) {
            try revocation([])
        }
        #expect(throws: CommandFailure.usage("Too many arguments (expected 1 or -self, got 2)")) {
            try revocation(["a", "b"])
        }
        #expect(throws: CommandFailure.usage("Too many arguments with -self (expected 0, got 1)")) {
            try revocation(["t"], revokeSelf: true)
        }
        #expect(throws: CommandFailure.usage("Cannot use -self with -accessor!")) {
            try revocation([], accessor: true, revokeSelf: true)
        }
        #expect(throws: CommandFailure.usage("Cannot use -self with -mode!")) {
            try revocation([], revokeSelf: true, mode: "path")
        }
        #expect(throws: CommandFailure.usage("Cannot use -accessor with -mode=orphan!")) {
            try revocation(["a"], accessor: true, mode: "orphan")
        }
    }

    @Test func renewTakesIncrementAsDashI() throws {
        let renew = try TokenRenew.parse(["-i", "2h", "-accessor", "acc"])
        #expect(renew.increment?.seconds == 7200 && renew.accessor && renew.arguments == ["acc"])
        #expect(try TokenRenew.parse(["-increment=30"]).increment?.seconds == 30)
    }

    @Test func capabilitiesPrintSortedOnOneLineOrAsAList() {
        #expect(TokenCapabilities.render(["update", "create", "read"], format: .table) == "create, read, update\n")
        #expect(TokenCapabilities.render(["root"], format: .json) == "[\n  \"root\"\n]\n")
        #expect(TokenCapabilities.render(["root"], format: .yaml) == "- root\n")
    }

    /// `bao token lookup` with the root token of a dev server (OpenBao 2.7.2) and the body it read.
    @Test func lookupTableShowsTTLsAsDurations() throws {
        let body = try json(
            #"""
            {"request_id":"f213bcfb","lease_id":"","renewable":false,"lease_duration":0,"data":{"accessor":"fpiZ6JClCRyZHGxvZHSIMGMq","creation_time":1795315302,"creation_ttl":3605,"display_name":"token","entity_id":"","expire_time":null,"explicit_max_ttl":0,"id":"root","issue_time":"2026-11-22T02:41:42.297170507Z","meta":null,"num_uses":0,"orphan":true,"path":"auth/token/create","policies":["root"],"renewable":false,"ttl":3600,"type":"service"},"wrap_info":null,"warnings":null,"auth":null}
            """#)
        #expect(
            SecretOutput(body: body).rendered(.table).out == """
                Key                 Value
                ---                 -----
                accessor            fpiZ6JClCRyZHGxvZHSIMGMq
                creation_time       1795315302
                creation_ttl        1h5s
                display_name        token
                entity_id           n/a
                expire_time         <nil>
                explicit_max_ttl    0s
                id                  root
                issue_time          2026-11-22T02:41:42.297170507Z
                meta                <nil>
                num_uses            0
                orphan              true
                path                auth/token/create
                policies            [root]
                renewable           false
                ttl                 1h
                type                service

                """)
    }

    /// `bao token create -wrap-ttl=5m` (OpenBao 2.7.2): the wrapping rows and JSON member order.
    @Test func wrappedAnswerShowsGoTimeAndVaultsMemberOrder() throws {
        let body = try json(
            #"""
            {"request_id":"","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":{"wrapped_accessor":"kGcy","creation_path":"auth/token/create","creation_time":"2026-11-22T02:41:55.923568458Z","ttl":300,"accessor":"4MtA","token":"s.RKBv"},"warnings":null,"auth":null}
            """#)
        let secret = SecretOutput(body: body)
        #expect(
            secret.rendered(.table).out == """
                Key                              Value
                ---                              -----
                wrapping_token:                  s.RKBv
                wrapping_accessor:               4MtA
                wrapping_token_ttl:              5m
                wrapping_token_creation_time:    2026-11-22 02:41:55.923568458 +0000 UTC
                wrapping_token_creation_path:    auth/token/create
                wrapped_accessor:                kGcy

                """)
        #expect(
            secret.rendered(.json).out.hasSuffix(
                """
                  "warnings": null,
                  "wrap_info": {
                    "token": "s.RKBv",
                    "accessor": "4MtA",
                    "ttl": 300,
                    "creation_time": "2026-11-22T02:41:55.923568458Z",
                    "creation_path": "auth/token/create",
                    "wrapped_accessor": "kGcy"
                  }
                }

                """))
    }

    /// The server's `auth` carries `token_type` and `num_uses`, which vault's CLI does not print.
    @Test func authPrintsVaultsFixedMembers() throws {
        let body = try json(
            #"""
            {"request_id":"f12e","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":null,"auth":{"client_token":"s.Tc","accessor":"B6Q2","policies":["default"],"token_policies":["default"],"metadata":{"a":"b"},"lease_duration":2764800,"renewable":true,"entity_id":"","token_type":"service","orphan":false,"mfa_requirement":null,"num_uses":0}}
            """#)
        #expect(
            SecretOutput(body: body).rendered(.json).out.hasSuffix(
                """
                  "auth": {
                    "client_token": "s.Tc",
                    "accessor": "B6Q2",
                    "policies": [
                      "default"
                    ],
                    "token_policies": [
                      "default"
                    ],
                    "identity_policies": null,
                    "metadata": {
                      "a": "b"
                    },
                    "orphan": false,
                    "entity_id": "",
                    "lease_duration": 2764800,
                    "renewable": true,
                    "mfa_requirement": null
                  }
                }

                """))
    }
}
