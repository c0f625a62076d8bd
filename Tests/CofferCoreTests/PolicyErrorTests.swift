import CofferHCL
import Testing

@testable import CofferCore

@Suite("Policy errors")
struct PolicyErrorTests {
    private func failure(_ text: String) throws -> PolicyError {
        try #require(throws: PolicyError.self) { try Policy(name: "p", text: text) }
    }

    @Test func hclSyntaxErrorCarriesLineAndColumn() throws {
        let error = try failure(
            """
            path "secret/*" {
              capabilities = ["read" "list"
            }
            """)
        #expect(error.code == .syntax)
        #expect(error.position == HCLPosition(line: 2, column: 26))
        #expect(error.message.hasPrefix("2:26: expected \",\" or \"]\""))
    }

    @Test func jsonSyntaxErrorCarriesLineAndColumn() throws {
        let error = try failure("{\n  \"path\": {\n    \"a\": {\"capabilities\": [\"read\",]}\n  }\n}")
        #expect(error.code == .syntax)
        #expect(error.position == HCLPosition(line: 3, column: 35))
        #expect(error.message == "3:35: expected a value, found \"]\"")
    }

    @Test(
        "malformed JSON",
        arguments: [
            "{\"path\": }", "{\"path\": {} extra", "{\"a\": nul}", "{\"a\": \"\\x\"}", "{\"a\": 01}", "{\"a\": \"open",
            "{\"a\": \"\\ud800\"}", "{\"a\": [1 2]}", "{ 7: 1 }", "{\"a\": -}", String(repeating: "[", count: 200),
        ])
    func malformedJSON(_ text: String) throws {
        let error = try failure(text.hasPrefix("{") ? text : "{\"a\": " + text)
        #expect(error.code == .syntax)
        #expect(error.position != nil)
    }

    @Test func unknownCapabilityIsNamedWithItsLine() throws {
        let error = try failure(
            """
            path "secret/a" { capabilities = ["read"] }

            path "secret/b" {
              capabilities = ["read", "reed"]
            }
            """)
        #expect(error.code == .invalidRule)
        #expect(error.position == HCLPosition(line: 4, column: 3))
        #expect(error.message == #"4:3: path "secret/b": invalid capability "reed""#)
    }

    @Test func unknownCapabilityInJSONIsLocatedToo() throws {
        let error = try failure("{\"path\": {\n  \"a\": {\"capabilities\": [\"root\"]}}}")
        #expect(error.position == HCLPosition(line: 2, column: 9))
        #expect(error.message.contains(#"invalid capability "root""#))
    }

    @Test func unknownKeyInAPathBlockIsNamed() throws {
        let error = try failure("path \"a\" {\n  capabilities = [\"read\"]\n  capabilites = [\"list\"]\n}")
        #expect(error.message == #"3:3: path "a": invalid key "capabilites""#)
    }

    @Test func unknownNestedBlockIsNamed() throws {
        let error = try failure("path \"a\" {\n  options { x = 1 }\n}")
        #expect(error.message == #"2:3: path "a": invalid key "options""#)
    }

    @Test func unknownTopLevelKeysAreNamed() throws {
        #expect(try failure(#"paths "a" { }"#).message == #"1:1: invalid key "paths""#)
        #expect(try failure(#"capabilities = ["read"]"#).message.contains(#"invalid key "capabilities""#))
    }

    @Test func keysCofferDoesNotEnforceAreRefused() throws {
        let error = try failure(#"path "a" { capabilities = ["read"]  control_group = { ttl = "1h" } }"#)
        #expect(error.message.hasSuffix(#"path "a": "control_group" is not supported"#))
    }

    @Test func repeatedKeysAreRefused() throws {
        let error = try failure("path \"a\" {\n  capabilities = [\"read\"]\n  capabilities = [\"sudo\"]\n}")
        #expect(error.message == #"3:3: path "a": "capabilities" is set more than once"#)
    }

    @Test func invalidLegacyPolicy() throws {
        #expect(try failure(#"path "a" { policy = "admin" }"#).message.contains(#"invalid policy "admin""#))
    }

    @Test func valuesOfTheWrongType() throws {
        #expect(try failure(#"path "a" { capabilities = [1] }"#).message.contains("must be a list of strings, not 1"))
        #expect(try failure(#"path "a" { allowed_parameters = ["x"] }"#).message.contains("must map parameter names"))
        #expect(try failure(#"{"path": {"a": ["read"]}}"#).message.contains("the rules must be an object"))
        #expect(try failure(#"{"path": "a"}"#).message.contains("must map each pattern"))
    }

    @Test func wrappingTTLErrors() throws {
        let reversed = try failure(
            "path \"a\" {\n  min_wrapping_ttl = \"2m\"\n  max_wrapping_ttl = \"1m\"\n}")
        #expect(
            reversed.message
                == "3:3: path \"a\": max_wrapping_ttl cannot be less than min_wrapping_ttl")
        #expect(
            try failure(#"path "a" { min_wrapping_ttl = "soon" }"#).message.contains(
                #"invalid min_wrapping_ttl "soon""#))
        #expect(try failure(#"path "a" { max_wrapping_ttl = -5 }"#).message.contains("invalid max_wrapping_ttl -5"))
    }

    @Test func aStarBeforeTheEndIsAnOrdinaryCharacter() throws {
        let policy = try Policy(name: "p", text: #"path "secret/*/config" { capabilities = ["read"] }"#)
        let acl = ACL(policies: [policy])
        #expect(acl.capabilities(for: "secret/*/config").contains(.read))
        #expect(acl.capabilities(for: "secret/app/config").isEmpty)
        #expect(try failure(#"path "secret/+*" { }"#).message.contains("forbidden"))
    }

    @Test func aPathBlockNeedsExactlyOnePattern() throws {
        #expect(try failure(#"path { capabilities = ["read"] }"#).message.contains("exactly one pattern"))
        #expect(try failure(#"path "a" "b" { }"#).position == HCLPosition(line: 1, column: 1))
    }

    @Test("invalid names", arguments: ["", "   ", "a/b", "two words", "tab\there", "nul\u{0}"])
    func invalidNames(_ name: String) throws {
        let error = try #require(throws: PolicyError.self) { try Policy(name: name, text: "") }
        #expect(error.code == .invalidName)
    }
}
