import CofferClient
import Testing

@testable import CofferCLI

@Suite struct KeyValueInputTests {
    let files: [String: String] = ["/cert.pem": "PEM\n", "/obj.json": #"{"n": 1, "s": "x"}"#]

    func input(stdin: String = "") -> KeyValueInput {
        KeyValueInput(
            readFile: { path throws(CommandFailure) in
                guard let text = files[path] else { throw .local("open \(path): no such file or directory") }
                return Array(text.utf8)
            },
            readStandardInput: { Array(stdin.utf8) }
        )
    }

    @Test func pairsSplitOnTheFirstEquals() throws {
        let body = try input().parse(["a=1", "b=x=y", "empty="])
        #expect(body == ["a": "1", "b": "x=y", "empty": ""])
    }

    @Test func atFileReadsTheFileAsAString() throws {
        #expect(try input().parse(["cert=@/cert.pem"]) == ["cert": "PEM\n"])
    }

    @Test func dashValueReadsStandardInput() throws {
        #expect(try input(stdin: "s3cret").parse(["password=-"]) == ["password": "s3cret"])
    }

    @Test func loneDashReadsAJSONObjectAndKeepsTypes() throws {
        let body = try input(stdin: #"{"n": 2, "nested": {"a": true}}"#).parse(["-", "extra=z"])
        #expect(body == ["n": 2, "nested": ["a": true], "extra": "z"])
    }

    @Test func loneAtFileReadsAJSONObject() throws {
        #expect(try input().parse(["@/obj.json"]) == ["n": 1, "s": "x"])
    }

    @Test func repeatedKeysBecomeAList() throws {
        #expect(try input().parse(["a=1", "a=2", "a=3"]) == ["a": ["1", "2", "3"]])
    }

    @Test func pairWithoutEqualsIsRejected() {
        #expect(
            throws: CommandFailure.usage(
                "Failed to parse K=V data: invalid key/value pair \"b\": format must be key=value")
        ) {
            try input().parse(["a=1", "b"])
        }
    }

    @Test func standardInputIsReadOnce() {
        #expect(
            throws: CommandFailure.usage(
                "Failed to parse K=V data: invalid key/value pair \"b=-\": stdin already consumed")
        ) {
            try input(stdin: "x").parse(["a=-", "b=-"])
        }
    }

    @Test func missingFileNamesThePair() {
        #expect(
            throws: CommandFailure.usage(
                "Failed to parse K=V data: invalid key/value pair \"a=@/nope\": open /nope: no such file or directory")
        ) {
            try input().parse(["a=@/nope"])
        }
    }

    @Test func jsonInputMustBeAnObject() {
        #expect(
            throws: CommandFailure.usage(
                "Failed to parse K=V data: invalid key/value pair \"-\": the JSON input must be an object")
        ) {
            try input(stdin: "[1]").parse(["-"])
        }
    }

    /// As `bao audit enable` sends its options (OpenBao 2.7.2): a number as written, a boolean
    /// as `1` or `0`, null as empty.
    @Test func valuesAsStringsConvertScalarsAsVaultDoes() throws {
        let options = try input(stdin: #"{"mode": 644, "log_raw": true, "hmac_accessor": false, "prefix": null}"#)
            .parseAsStrings(["-", "file_path=/var/log/audit.log"])
        #expect(
            options == [
                "mode": "644", "log_raw": "1", "hmac_accessor": "0", "prefix": "", "file_path": "/var/log/audit.log",
            ])
    }

    @Test func valuesAsStringsRefuseARepeatedKeyOrAnObject() {
        let failure = CommandFailure.usage(
            "Failed to parse K=V data: failed to convert values to strings: \"a\" must have one value, given once, "
                + "not a list or an object")
        #expect(throws: failure) { try input().parseAsStrings(["a=1", "a=2"]) }
        #expect(throws: failure) { try input(stdin: #"{"a": {"b": "c"}}"#).parseAsStrings(["-"]) }
    }
}
