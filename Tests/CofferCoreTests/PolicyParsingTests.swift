import CofferAPI
import CofferHCL
import Testing

@testable import CofferCore

@Suite("Policy parsing")
struct PolicyParsingTests {
    @Test func stanzasInSourceOrderWithPositions() throws {
        let policy = try Policy(
            name: "apps",
            text: """
                # Applications read their own secrets.
                path "secret/app/*" {
                  capabilities = ["read", "list"]
                }

                path "/secret/shared" { capabilities = ["read"] }
                """)
        #expect(policy.rules.map(\.pattern) == ["secret/app/*", "secret/shared"])
        #expect(policy.rules.map(\.position) == [HCLPosition(line: 2, column: 1), HCLPosition(line: 6, column: 1)])
        #expect(policy.rules[0].capabilities == [.read, .list])
    }

    @Test("every capability", arguments: Capability.allCases)
    func everyCapability(_ capability: Capability) throws {
        let policy = try Policy(name: "p", text: #"path "a" { capabilities = ["\#(capability.rawValue)"] }"#)
        #expect(policy.rules[0].capabilities == Capabilities(capability))
    }

    @Test func denyDropsEveryOtherGrantAndConstraint() throws {
        let policy = try Policy(
            name: "p",
            text: """
                path "a" {
                  capabilities = ["read", "deny", "sudo"]
                  required_parameters = ["x"]
                  max_wrapping_ttl = "1m"
                }
                """)
        let rule = policy.rules[0]
        #expect(rule.capabilities == .deny)
        #expect(rule.parameters.isEmpty)
        #expect(rule.maxWrappingTTL == nil)
    }

    @Test(
        "legacy policy values",
        arguments: [
            ("deny", Capabilities.deny),
            ("read", [.read, .list]),
            ("write", [.create, .read, .update, .delete, .list]),
            ("sudo", [.create, .read, .update, .delete, .list, .sudo]),
        ] as [(String, Capabilities)])
    func legacyPolicy(_ value: String, _ expected: Capabilities) throws {
        let policy = try Policy(name: "p", text: #"path "a" { policy = "\#(value)" }"#)
        #expect(policy.rules[0].capabilities == expected)
    }

    @Test func legacyPolicyJoinsCapabilities() throws {
        let policy = try Policy(name: "p", text: #"path "a" { policy = "read"  capabilities = ["patch"] }"#)
        #expect(policy.rules[0].capabilities == [.read, .list, .patch])
    }

    @Test func parameterConstraints() throws {
        let policy = try Policy(
            name: "p",
            text: """
                path "secret/config" {
                  capabilities = ["create", "update"]
                  allowed_parameters = {
                    "Foo" = []
                    "bar" = ["zip", 7, true]
                    "*"   = []
                  }
                  denied_parameters = {
                    "admin" = []
                  }
                  required_parameters = ["Foo", "bar"]
                }
                """)
        let parameters = policy.rules[0].parameters
        #expect(parameters.allowed == ["foo": [], "bar": ["zip", 7, true], "*": []])
        #expect(parameters.denied == ["admin": []])
        #expect(parameters.required == ["foo", "bar"])
    }

    @Test func parameterBlocksAreAccepted() throws {
        let policy = try Policy(
            name: "p",
            text: """
                path "secret/*" {
                  capabilities = ["update"]
                  allowed_parameters {
                    "foo" = ["bar", "baz"]
                  }
                  denied_parameters {
                    "zap" = "one"
                  }
                }
                """)
        #expect(policy.rules[0].parameters.allowed == ["foo": ["bar", "baz"]])
        #expect(policy.rules[0].parameters.denied == ["zap": ["one"]])
    }

    @Test func wrappingTTLs() throws {
        let policy = try Policy(
            name: "p",
            text: """
                path "a" { capabilities = ["update"]  min_wrapping_ttl = "1s"  max_wrapping_ttl = "90s" }
                path "b" { capabilities = ["update"]  min_wrapping_ttl = 30  max_wrapping_ttl = "1h" }
                path "c" { capabilities = ["update"]  min_wrapping_ttl = "0"  max_wrapping_ttl = 0 }
                """)
        #expect(policy.rules.map(\.minWrappingTTL) == [1, 30, nil])
        #expect(policy.rules.map(\.maxWrappingTTL) == [90, 3600, nil])
    }

    @Test func commentsAndTheNameKeyAreIgnored() throws {
        let policy = try Policy(
            name: "p", text: #"name = "ignored"  path "a" { comment = "why"  capabilities = ["read"] }"#)
        #expect(policy.rules.count == 1)
    }

    @Test func emptyTextIsAPolicyWithoutRules() throws {
        #expect(try Policy(name: "p", text: "").rules.isEmpty)
        #expect(try Policy(name: "p", text: "{}").rules.isEmpty)
    }

    @Test func jsonMeansTheSameAsHCL() throws {
        let json = try Policy(
            name: "p",
            text: """
                {
                  "path": {
                    "secret/*": {"capabilities": ["read", "list"]},
                    "secret/config": {
                      "capabilities": ["update"],
                      "allowed_parameters": {"foo": [], "bar": ["zip", "zap"]},
                      "denied_parameters": {"admin": []},
                      "required_parameters": ["foo"],
                      "min_wrapping_ttl": "1s",
                      "max_wrapping_ttl": 90
                    }
                  }
                }
                """)
        let hcl = try Policy(
            name: "p",
            text: """
                path "secret/*" { capabilities = ["read", "list"] }
                path "secret/config" {
                  capabilities = ["update"]
                  allowed_parameters = { "foo" = [] "bar" = ["zip", "zap"] }
                  denied_parameters = { "admin" = [] }
                  required_parameters = ["foo"]
                  min_wrapping_ttl = "1s"
                  max_wrapping_ttl = 90
                }
                """)
        #expect(json.rules.map(\.pattern) == hcl.rules.map(\.pattern))
        #expect(json.rules.map(\.capabilities) == hcl.rules.map(\.capabilities))
        #expect(json.rules.map(\.parameters) == hcl.rules.map(\.parameters))
        #expect(json.rules.map(\.minWrappingTTL) == hcl.rules.map(\.minWrappingTTL))
        #expect(json.rules.map(\.maxWrappingTTL) == hcl.rules.map(\.maxWrappingTTL))
        #expect(json.rules.map(\.position.line) == [3, 4])
    }

    @Test func jsonPathMayBeAListOfObjects() throws {
        let policy = try Policy(
            name: "p",
            text: #"{"path": [{"a": {"capabilities": ["read"]}}, {"b/\u00e9\ud83d\ude00": {"policy": "write"}}]}"#)
        #expect(policy.rules.map(\.pattern) == ["a", "b/é😀"])
    }

    @Test func namesAreTrimmedAndLowercased() throws {
        #expect(try Policy(name: "  Ops-Team ", text: "").name == "ops-team")
        #expect(try Policy.normalizedName("ADMIN") == "admin")
    }

    @Test func theTextIsKeptAsGiven() throws {
        let text = "path \"a\" {\n  capabilities = [\"read\"]\n}\n"
        #expect(try Policy(name: "p", text: text).text == text)
    }
}
