import CofferClient
import Foundation
import Testing

@testable import CofferCLI

@Suite struct LeaseCommandTests {
    @Test func lookupAndRenewTakeOneTrimmedIDAndWordTheirCountsAsVaultDoes() throws {
        #expect(try LeaseCommand.leaseID([" pki/issue/web/9XH5\n"], expected: "1") == "pki/issue/web/9XH5")
        #expect(throws: CommandFailure.usage("Missing ID!")) { try LeaseCommand.leaseID([], expected: "1") }
        #expect(throws: CommandFailure.usage("Too many arguments (expected 1-2, got 2)")) {
            try LeaseCommand.leaseID(["a", "b"], expected: "1-2")
        }
    }

    @Test func renewTakesAnIncrementAsADuration() throws {
        let renew = try LeaseRenew.parse(["-increment=1h", "-format=json", "auth/userpass/login/alice/h1"])
        #expect(renew.increment?.seconds == 3600 && renew.common.format == "json")
        #expect(renew.arguments == ["auth/userpass/login/alice/h1"])
        #expect(try LeaseRenew.parse(["--increment", "90", "x"]).increment?.seconds == 90)
        #expect(try LeaseRenew.parse(["x"]).increment == nil)
        #expect(throws: (any Error).self) { try LeaseRenew.parse(["-increment=soon", "x"]) }
    }

    @Test func revokeFlagsParseWithForceAsDashF() throws {
        let revoke = try LeaseRevoke.parse(["-f", "-prefix", "-sync", "auth/userpass/"])
        #expect(revoke.force && revoke.prefix && revoke.sync && revoke.arguments == ["auth/userpass/"])
        #expect(try LeaseRevoke.parse(["--force", "x"]).force)
    }

    @Test func revokeChoosesOneLeaseAPrefixOrAForcedPrefix() throws {
        func revocation(_ arguments: [String], force: Bool = false, prefix: Bool = false, sync: Bool = false)
            throws(CommandFailure) -> LeaseRevocation
        {
            try LeaseRevoke.revocation(arguments, force: force, prefix: prefix, sync: sync)
        }
        #expect(try revocation([" a/b/c "]) == .lease("a/b/c", sync: false))
        #expect(try revocation(["a/b/c"], sync: true) == .lease("a/b/c", sync: true))
        #expect(try revocation(["a/"], prefix: true) == .prefix("a/", sync: false))
        #expect(try revocation(["a/"], force: true, prefix: true, sync: true) == .force("a/"))
        #expect(throws: CommandFailure.usage("Specifying -force requires also specifying -prefix")) {
            try revocation(["a/"], force: true)
        }
        #expect(throws: CommandFailure.usage("Not enough arguments (expected 1, got 0)")) { try revocation([]) }
        #expect(throws: CommandFailure.usage("Too many arguments (expected 1, got 3)")) {
            try revocation(["a", "b", "c"])
        }
    }

    /// `bao lease revoke` (OpenBao 2.7.2): what it prints for each kind of revocation and failure.
    @Test func revokeReportsAsVaultDoes() {
        #expect(LeaseRevoke.success(.lease("a/1", sync: false)) == "All revocation operations queued successfully!")
        #expect(LeaseRevoke.success(.prefix("a/", sync: false)) == "All revocation operations queued successfully!")
        #expect(LeaseRevoke.success(.lease("a/1", sync: true)) == "Success! Revoked lease: a/1")
        #expect(LeaseRevoke.success(.prefix("a/", sync: true)) == "Success! Revoked any leases with prefix: a/")
        #expect(LeaseRevoke.success(.force("a/")) == "Success! Force revoked any leases with prefix: a/")
        #expect(LeaseRevoke.failure(.lease("a/1", sync: true)) == "revoking lease a/1")
        #expect(LeaseRevoke.failure(.prefix("a/", sync: false)) == "revoking leases with prefix a/")
        #expect(LeaseRevoke.failure(.force("a/")) == "force revoking leases with prefix a/")
    }

    /// The requests `bao lease revoke -output-curl-string` shows, but for one lease its ID in the
    /// body (`sys/leases/revoke`) instead of the path, and a prefix without its trailing slash.
    @Test func revocationsGoWhereTheAPISays() {
        let lease = LeaseRevocation.lease("auth/userpass/login/alice/h1", sync: true)
        #expect(lease.path == "sys/leases/revoke")
        #expect(lease.body == ["lease_id": "auth/userpass/login/alice/h1", "sync": true])
        let prefix = LeaseRevocation.prefix("/auth/userpass/", sync: false)
        #expect(prefix.path == "sys/leases/revoke-prefix/auth/userpass" && prefix.body == ["sync": false])
        let force = LeaseRevocation.force("auth/userpass//")
        #expect(force.path == "sys/leases/revoke-force/auth/userpass" && force.body == nil)
    }

    /// `bao lease lookup` of a userpass token's lease (OpenBao 2.7.2) and the body it read.
    @Test func lookupPrintsTheLeaseWithItsTTLAsADuration() throws {
        let body = try JSONDecoder().decode(
            JSONValue.self,
            from: Data(
                #"""
                {"request_id":"260e1a32-3032-8735-7a75-4ced580888d5","lease_id":"","renewable":false,"lease_duration":0,"data":{"expire_time":"2027-01-08T06:29:23.572020756Z","id":"auth/userpass/login/alice/h5562","issue_time":"2026-12-07T06:29:23.572029993Z","last_renewal":null,"path":"auth/userpass/login/alice","renewable":true,"ttl":2764794},"wrap_info":null,"warnings":null,"auth":null}
                """#.utf8))
        let secret = SecretOutput(body: body)
        #expect(
            secret.rendered(.table).out == """
                Key             Value
                ---             -----
                expire_time     2027-01-08T06:29:23.572020756Z
                id              auth/userpass/login/alice/h5562
                issue_time      2026-12-07T06:29:23.572029993Z
                last_renewal    <nil>
                path            auth/userpass/login/alice
                renewable       true
                ttl             767h59m54s

                """)
        #expect(
            secret.rendered(.json).out == """
                {
                  "request_id": "260e1a32-3032-8735-7a75-4ced580888d5",
                  "lease_id": "",
                  "lease_duration": 0,
                  "renewable": false,
                  "data": {
                    "expire_time": "2027-01-08T06:29:23.572020756Z",
                    "id": "auth/userpass/login/alice/h5562",
                    "issue_time": "2026-12-07T06:29:23.572029993Z",
                    "last_renewal": null,
                    "path": "auth/userpass/login/alice",
                    "renewable": true,
                    "ttl": 2764794
                  },
                  "warnings": null
                }

                """)
    }

    /// A renewal answers with the lease's new terms, which print as lease rows.
    @Test func renewalPrintsTheLeaseRows() {
        let body: JSONValue = [
            "request_id": "r", "lease_id": "kv/creds/app/abc", "lease_duration": 3600, "renewable": true, "data": nil,
        ]
        #expect(
            SecretOutput(body: body).rendered(.table).out == """
                Key                Value
                ---                -----
                lease_id           kv/creds/app/abc
                lease_duration     1h
                lease_renewable    true

                """)
    }
}
