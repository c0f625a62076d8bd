import CofferClient
import Foundation
import Testing

@testable import CofferCLI

@Suite struct KVCommandTests {
    func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func versionedPathsGetTheAPIPrefixAfterTheMount() {
        #expect(KVPath.prefixed("secret/app", mount: "secret/", api: "data") == "secret/data/app")
        #expect(KVPath.prefixed("secret/a/b", mount: "secret/", api: "metadata") == "secret/metadata/a/b")
        #expect(KVPath.prefixed("secret", mount: "secret/", api: "data") == "secret/data")
        #expect(KVPath.prefixed("secret/", mount: "secret/", api: "metadata") == "secret/metadata")
        #expect(KVPath.prefixed("team/kv/x", mount: "team/kv/", api: "destroy") == "team/kv/destroy/x")
        // An explicit API prefix is not recognised, as with vault: it is prefixed again.
        #expect(KVPath.prefixed("secret/data/app", mount: "secret/", api: "data") == "secret/data/data/app")
    }

    @Test func pathsAreSanitizedAndJoinedLikeUnixPaths() {
        #expect(KVPath.sanitized("  /secret/app// ") == "secret/app")
        #expect(KVPath.joined("secret/", "/app") == "secret/app")
        #expect(KVPath.joined("secret/", "data", "a//./b/../c") == "secret/data/a/c")
        #expect(KVPath.joined("", "x") == "x")
    }

    @Test func targetsFollowTheMountTheServerReports() {
        let v2 = KVMount(path: "secret/", version: 2)
        let plain = KVTarget(argument: "/secret//app", mountFlag: nil, found: v2)
        #expect(plain.isVersioned && plain.apiPath("data") == "secret/data/app")
        let flagged = KVTarget(argument: "app", mountFlag: "secret", found: v2)
        #expect(flagged.apiPath("metadata") == "secret/metadata/app")
        #expect(KVTarget(argument: "", mountFlag: "secret", found: v2).apiPath("metadata") == "secret/metadata")
        let v1 = KVTarget(argument: "a", mountFlag: "kv1", found: KVMount(path: "kv1/", version: 1))
        #expect(!v1.isVersioned && v1.apiPath("data") == "kv1/a")
        #expect(KVTarget(argument: "kv1/a/", mountFlag: nil, found: KVMount(path: "", version: 1)).path == "kv1/a")
    }

    @Test func bannersArePaddedWithEqualSignsLikeVaults() {
        #expect(KVOutput.pathBlock("Secret Path", path: "secret/data/app") == "= Secret Path =\nsecret/data/app\n\n")
        #expect(KVOutput.banner("Metadata", width: 24) == "======= Metadata =======")
        #expect(KVOutput.banner("Data", width: 13) == "==== Data ====")
        #expect(KVOutput.banner("A long title", width: 3) == "== A long title ==")
    }

    /// `bao kv get secret/nest` (OpenBao 2.7.2) and the body it read.
    @Test func versionedGetPrintsPathMetadataAndDataSections() throws {
        let body = try json(
            #"""
            {"request_id":"04c68a2a","lease_id":"","renewable":false,"lease_duration":0,"data":{"data":{"longkeyname_here":[1,2],"n":{"b":2,"deep":{"k":1}},"s":"t"},"metadata":{"created_time":"2026-11-22T02:44:48.324920564Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}},"wrap_info":null,"warnings":null,"auth":null}
            """#)
        #expect(
            KVGet.table(SecretOutput(body: body), isVersioned: true, path: "secret/data/nest") == """
                == Secret Path ==
                secret/data/nest

                ======= Metadata =======
                Key                Value
                ---                -----
                created_time       2026-11-22T02:44:48.324920564Z
                custom_metadata    <nil>
                deletion_time      n/a
                destroyed          false
                version            1

                ========== Data ==========
                Key                 Value
                ---                 -----
                longkeyname_here    [1 2]
                n                   map[b:2 deep:map[k:1]]
                s                   t

                """)
    }

    @Test func deletedVersionPrintsNoDataSectionAndV1OnlyData() {
        let deleted = SecretOutput(body: [
            "data": ["data": nil, "metadata": ["version": 5, "deletion_time": "2026-11-22T02:43:58Z"]]
        ])
        let text = KVGet.table(deleted, isVersioned: true, path: "secret/data/app")
        #expect(text.hasSuffix("version          5\n\n") && !text.contains("Data"))
        let v1 = SecretOutput(body: ["lease_duration": 2_764_800, "data": ["x": "1", "y": "2"]])
        #expect(
            KVGet.table(v1, isVersioned: false, path: "kv1/a")
                == "== Data ==\nKey    Value\n---    -----\nx      1\ny      2\n")
    }

    /// `bao kv metadata get secret/xb/rc` (OpenBao 2.7.2) and the body it read.
    @Test func metadataGetPrintsSettingsThenEachVersionInOrder() throws {
        let body = try json(
            #"""
            {"request_id":"432cb2c1","lease_id":"","renewable":false,"lease_duration":0,"data":{"cas_required":false,"created_time":"2026-11-22T03:04:59.99Z","current_metadata_version":0,"current_version":3,"custom_metadata":null,"delete_version_after":"0s","max_versions":0,"metadata_cas_required":false,"oldest_version":0,"updated_time":"2026-11-22T03:05:01.61Z","versions":{"10":{"created_time":"2026-11-22T03:05:01.61Z","deletion_time":"","destroyed":false},"2":{"created_time":"2026-11-22T03:05:00.52Z","deletion_time":"2026-11-22T03:05:01.09Z","destroyed":true}}},"wrap_info":null,"warnings":null,"auth":null}
            """#)
        let rendered = KVMetadataGet.table(SecretOutput(body: body), path: "secret/metadata/xb/rc")
        #expect(rendered?.err == "")
        #expect(
            rendered?.out == """
                === Metadata Path ===
                secret/metadata/xb/rc

                ============ Metadata ============
                Key                         Value
                ---                         -----
                cas_required                false
                created_time                2026-11-22T03:04:59.99Z
                current_metadata_version    0
                current_version             3
                custom_metadata             <nil>
                delete_version_after        0s
                max_versions                0
                metadata_cas_required       false
                oldest_version              0
                updated_time                2026-11-22T03:05:01.61Z

                ====== Version 2 ======
                Key              Value
                ---              -----
                created_time     2026-11-22T03:05:00.52Z
                deletion_time    2026-11-22T03:05:01.09Z
                destroyed        true

                ===== Version 10 =====
                Key              Value
                ---              -----
                created_time     2026-11-22T03:05:01.61Z
                deletion_time    n/a
                destroyed        false

                """)
        #expect(KVMetadataGet.table(SecretOutput(body: ["data": ["current_version": 1]]), path: "p") == nil)
    }

    @Test func writesWrapDataAndCheckAndSet() {
        #expect(KVPut.versionedBody(["a": "1"], cas: nil) == ["data": ["a": "1"], "options": [:]])
        #expect(KVPut.versionedBody(["a": "1"], cas: 0) == ["data": ["a": "1"], "options": ["cas": 0]])
    }

    @Test func versionFlagsSplitOnCommasAndRepeat() throws {
        #expect(try KVCommand.versions(["1,2", " 3 ", ""]) == [1, 2, 3])
        #expect(throws: CommandFailure.usage("Invalid version \"x\" in -versions")) { try KVCommand.versions(["1,x"]) }
    }

    @Test func metadataPutSendsOnlyTheSettingsGiven() throws {
        let none = try KVMetadataPut.parse(["secret/app"])
        #expect(try none.makeBody() == [:])
        let all = try KVMetadataPut.parse([
            "-max-versions=5", "-cas-required=true", "-delete-version-after=1h", "-custom-metadata=owner=ann",
            "-custom-metadata=x=y=z", "-mount=secret", "app",
        ])
        #expect(all.mount.mount == "secret")
        #expect(
            try all.makeBody() == [
                "max_versions": 5, "cas_required": true, "delete_version_after": "3600s",
                "custom_metadata": ["owner": "ann", "x": "y=z"],
            ])
        #expect(
            throws: CommandFailure.usage(#"invalid value "bad" for flag -custom-metadata: missing = in KV pair: "bad""#)
        ) {
            try KVMetadataPut.parse(["-custom-metadata=bad", "p"]).makeBody()
        }
    }

    @Test func kvFlagsParseInVaultsSpelling() throws {
        let get = try KVGet.parse(["-version=3", "-field=user", "-mount=secret", "app"])
        #expect(get.version == 3 && get.field == "user" && get.mount.mount == "secret" && get.path == "app")
        let put = try KVPut.parse(["-cas=0", "secret/app", "a=1", "b=@f"])
        #expect(put.cas == 0 && put.path == "secret/app" && put.data == ["a=1", "b=@f"])
        let patch = try KVPatch.parse(["-method=rw", "-remove-data=a", "-remove-data=b", "secret/app"])
        #expect(patch.method == "rw" && patch.removeData == ["a", "b"] && patch.data.isEmpty)
        #expect(try KVDelete.parse(["-versions=1,2", "-versions=3", "secret/app"]).versions == ["1,2", "3"])
        #expect(try KVRollback.parse(["-version=2", "secret/app"]).version == 2)
        #expect(try KVList.parse(["-mount=secret"]).path == nil)
    }
}
