import CofferClient
import Testing

@testable import CofferCLI

@Suite struct OutputFormattingTests {
    let kvRead = SecretOutput(body: [
        "request_id": "5ca7022d", "lease_id": "", "renewable": false, "lease_duration": 2_764_800,
        "data": ["foo": "bar", "n": "3", "f": "filecontent"], "wrap_info": nil, "warnings": nil, "auth": nil,
    ])

    @Test func tableHasRefreshIntervalThenSortedKeys() {
        #expect(
            kvRead.rendered(.table).out == """
                Key                 Value
                ---                 -----
                refresh_interval    768h
                f                   filecontent
                foo                 bar
                n                   3

                """)
    }

    @Test func jsonIsTheEnvelopeInVaultsOrder() {
        #expect(
            kvRead.rendered(.json).out == """
                {
                  "request_id": "5ca7022d",
                  "lease_id": "",
                  "lease_duration": 2764800,
                  "renewable": false,
                  "data": {
                    "f": "filecontent",
                    "foo": "bar",
                    "n": "3"
                  },
                  "warnings": null
                }

                """)
    }

    @Test func yamlSortsKeysAndQuotesWhatYAMLWouldMisread() {
        #expect(
            kvRead.rendered(.yaml).out == """
                data:
                  f: filecontent
                  foo: bar
                  "n": "3"
                lease_duration: 2764800
                lease_id: ""
                renewable: false
                request_id: 5ca7022d
                warnings: null

                """)
    }

    @Test func leasedSecretShowsLeaseRows() {
        let secret = SecretOutput(body: [
            "lease_id": "database/creds/ro/abc", "lease_duration": 3600, "renewable": true,
            "data": ["username": "v-ro"],
        ])
        #expect(secret.rows.map(\.0) == ["lease_id", "lease_duration", "lease_renewable", "username"])
        #expect(secret.rows.map(\.1) == ["database/creds/ro/abc", "1h", "true", "v-ro"])
    }

    @Test func authRowsFollowVaultsNames() {
        let secret = SecretOutput(body: [
            "lease_duration": 0,
            "auth": [
                "client_token": "hvs.x", "accessor": "acc", "lease_duration": 3600, "renewable": true,
                "token_policies": ["default"], "identity_policies": [], "policies": ["default"],
                "metadata": ["user": "ann"],
            ],
        ])
        #expect(
            Table.keyValue(secret.rows) == """
                Key                  Value
                ---                  -----
                token                hvs.x
                token_accessor       acc
                token_duration       1h
                token_renewable      true
                token_policies       ["default"]
                identity_policies    []
                policies             ["default"]
                token_meta_user      ann

                """)
        #expect(secret.field("token") == "hvs.x")
        #expect(secret.envelope.json["auth"]?["client_token"] == "hvs.x")
    }

    @Test func nestedValuesPrintInGoStyleAndEmptyAsNA() {
        let secret = SecretOutput(body: ["data": ["m": ["b": 1, "a": ["x", nil]], "e": ""]])
        #expect(secret.rows.map(\.1) == ["", "map[a:[x <nil>] b:1]"])
        #expect(Table.keyValue(secret.rows).contains("\ne      n/a\n"))
    }

    @Test func fieldPicksDataThenEnvelopeFields() {
        #expect(kvRead.field("foo") == "bar")
        #expect(kvRead.field("refresh_interval") == .int(2_764_800))
        #expect(kvRead.field("missing") == nil)
        #expect(SecretOutput.fieldText(["a": 1], format: .json) == "{\n  \"a\": 1\n}")
        #expect(SecretOutput.fieldText(["a": 1], format: .table) == "map[a:1]")
    }

    @Test func warningsWrapAtSeventyEightColumns() {
        let warning =
            "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API "
            + "endpoints to use. If using the OpenBao CLI, use 'bao kv put' for this operation."
        #expect(
            SecretOutput.warningBlock([warning]) == """
                WARNING! The following warnings were returned from the server:

                  * Invalid path for a versioned K/V secrets engine. See the API docs for the
                  appropriate API endpoints to use. If using the OpenBao CLI, use 'bao kv put'
                  for this operation.


                """)
        let onlyWarnings = SecretOutput(body: ["warnings": [.string(warning)]])
        #expect(onlyWarnings.hasContent)
        #expect(onlyWarnings.rendered(.table).out == "")
    }

    @Test func listPrintsAKeysColumnOrAList() {
        #expect(ListCommand.render(["a", "b/"], format: .table) == "Keys\n----\na\nb/\n")
        #expect(ListCommand.render(["a", "b/"], format: .json) == "[\n  \"a\",\n  \"b/\"\n]\n")
        #expect(ListCommand.render(["a", "b/"], format: .yaml) == "- a\n- b/\n")
    }

    @Test func yamlScalarsAreQuotedOnlyWhenAmbiguous() {
        let plain = ["bar", "v2.7.2+builtin.bao", "d46e5d32-a303-115f", "hello world", "a:b"]
        for text in plain { #expect(YAMLText.string(text) == text) }
        let quoted = [
            "", "n", "Yes", "off", "null", "3", "1.5", "0x1F", "2026-10-26T20:32:27Z", "a: b", "-x", " x", "*x",
        ]
        for text in quoted { #expect(YAMLText.string(text) == JSONText.quoted(text), "\(text)") }
        #expect(YAMLText.string("line\nbreak") == "\"line\\nbreak\"")
    }

    @Test func yamlNestsMapsAndSequences() {
        let value: JSONValue = ["list": [["a": 1, "b": 2], ["c"]], "empty": [:], "none": []]
        #expect(
            YAMLText.render(value) == """
                empty: {}
                list:
                - a: 1
                  b: 2
                - - c
                none: []

                """)
    }

    @Test func jsonEscapesControlCharactersButNotSlashes() {
        #expect(JSONText.render(["p": "a/b\"c\u{1}"]) == "{\n  \"p\": \"a/b\\\"c\\u0001\"\n}\n")
        #expect(JSONText.render([:]) == "{}\n")
    }

    @Test func durationsDropZeroUnitsAsVault() {
        #expect(ValueText.duration(2_764_800) == "768h")
        #expect(ValueText.duration(3660) == "1h1m")
        #expect(ValueText.duration(90) == "1m30s")
        #expect(ValueText.duration(60) == "1m")
        #expect(ValueText.duration(0) == "0s")
        #expect(ValueText.duration(3605) == "1h5s")
        #expect(ValueText.duration(36000) == "10h")
    }

    @Test func ttlLikeDataMembersPrintAsDurations() {
        let rows = ValueText.rows(["ttl": 90, "token_period": 3600, "max_ttl": "1h", "count": 5, "duration": 0])
        #expect(rows.map(\.1) == ["5", "0s", "1h", "1h", "1m30s"])
    }

    @Test func goTimeIsTimeTimesString() {
        #expect(ValueText.goTime("2026-11-22T02:41:55.923568458Z") == "2026-11-22 02:41:55.923568458 +0000 UTC")
        #expect(ValueText.goTime("2026-11-22T04:41:55+02:00") == "2026-11-22 04:41:55 +0200 +0200")
        #expect(ValueText.goTime("") == "")
    }

    /// `bao read -format=yaml kv1/m` (OpenBao 2.7.2) after writing these values.
    @Test func yamlPrintsMultiLineStringsAsLiteralBlocks() {
        let value: JSONValue = [
            "a": "line\nbreak", "b": "line\nbreak\n", "c": "a\n\nb\n\n", "d": " lead\nx", "e": "trail \nx\n",
            "f": "tab\tx\ny",
        ]
        #expect(
            YAMLText.render(["data": value]) == """
                data:
                  a: |-
                    line
                    break
                  b: |
                    line
                    break
                  c: |+
                    a

                    b

                  d: |2-
                     lead
                    x
                  e: "trail \\nx\\n"
                  f: "tab\\tx\\ny"

                """)
        #expect(YAMLText.render(["x\ny"]) == "- |-\n  x\n  y\n")
    }

    @Test func fieldTextFollowsTheFormat() {
        #expect(SecretOutput.fieldText("bob", format: .table) == "bob")
        #expect(SecretOutput.fieldText("bob", format: .json) == "\"bob\"")
        #expect(SecretOutput.fieldText("bob", format: .yaml) == "bob\n")
        #expect(SecretOutput.fieldText(["root"], format: .yaml) == "- root\n")
    }

    @Test func tableColumnsArePaddedFourSpacesPastTheWidest() {
        let text = Table.render(header: ["Path", "Type"], rows: [["secret/", "kv"], ["sys/", "system"]])
        #expect(text == "Path       Type\n----       ----\nsecret/    kv\nsys/       system\n")
    }
}
