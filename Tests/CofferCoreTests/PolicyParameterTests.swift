import CofferAPI
import Testing

@testable import CofferCore

@Suite("Policy parameter constraints")
struct PolicyParameterTests {
    private func decide(_ stanza: String, _ data: [String: JSONValue], operation: Operation = .update) throws
        -> ACLDecision
    {
        try makeACL(("p", Self.policy(stanza))).authorize(operation: operation, path: "secret/foo", data: data)
    }

    private func reason(_ decision: ACLDecision) -> DenialReason? {
        if case .denied(let reason) = decision { return reason }
        return nil
    }

    @Test func allowedParametersWithValues() throws {
        let stanza = #"allowed_parameters = { "bar" = ["zip", "zap"]  "foo" = [] }"#
        #expect(try decide(stanza, ["bar": "zip", "foo": "anything"]).isAllowed)
        #expect(try decide(stanza, [:]).isAllowed)
        guard case .parameterNotAllowed("bar", let value, _)? = reason(try decide(stanza, ["bar": "zop"])) else {
            Issue.record("expected bar to be refused")
            return
        }
        #expect(value == "zop")
        guard case .parameterNotAllowed("other", _, _)? = reason(try decide(stanza, ["bar": "zap", "other": 1])) else {
            Issue.record("expected other to be refused")
            return
        }
    }

    @Test func aStarKeyAllowsEveryOtherParameter() throws {
        let stanza = #"allowed_parameters = { "bar" = ["zip", "zap"]  "*" = [] }"#
        #expect(try decide(stanza, ["bar": "zip", "other": "x", "more": 2]).isAllowed)
        #expect(!(try decide(stanza, ["bar": "nope"]).isAllowed))
        #expect(try decide(#"allowed_parameters = { "*" = [] }"#, ["anything": "x"]).isAllowed)
    }

    @Test func valueGlobs() throws {
        let stanza = #"allowed_parameters = { "a" = ["foo-*"]  "b" = ["*-bar"]  "c" = ["*mid*"]  "d" = ["*"] }"#
        #expect(try decide(stanza, ["a": "foo-1", "b": "x-bar", "c": "amidst", "d": "*"]).isAllowed)
        #expect(!(try decide(stanza, ["a": "fo-1"]).isAllowed))
        #expect(!(try decide(stanza, ["b": "x-baz"]).isAllowed))
        #expect(!(try decide(stanza, ["c": "m-i-d"]).isAllowed))
        #expect(!(try decide(stanza, ["d": "anything"]).isAllowed))
    }

    @Test func deniedParameters() throws {
        let stanza = #"denied_parameters = { "policies" = []  "allowed_policies" = ["admin", "root-*"] }"#
        #expect(try decide(stanza, ["ttl": "1h", "allowed_policies": "dev"]).isAllowed)
        #expect(reason(try decide(stanza, ["policies": "dev"])) == .parameterDenied("policies", rule: try rule(stanza)))
        #expect(!(try decide(stanza, ["allowed_policies": "admin"]).isAllowed))
        #expect(!(try decide(stanza, ["allowed_policies": "root-ops"]).isAllowed))
        #expect(!(try decide(stanza, ["allowed_policies": ["dev", "admin"]]).isAllowed))
    }

    @Test func aDeniedStarRefusesAnyParameterButNotAnEmptyRequest() throws {
        let stanza = #"denied_parameters = { "*" = [] }"#
        #expect(try decide(stanza, [:]).isAllowed)
        #expect(reason(try decide(stanza, ["b": 1, "a": 2])) == .parameterDenied("a", rule: try rule(stanza)))
    }

    @Test func deniedWinsOverAllowed() throws {
        let stanza = #"allowed_parameters = { "x" = [] }  denied_parameters = { "x" = ["bad"] }"#
        #expect(try decide(stanza, ["x": "good"]).isAllowed)
        #expect(!(try decide(stanza, ["x": "bad"]).isAllowed))
    }

    @Test func typedValues() throws {
        let stanza = #"denied_parameters = { "no_store" = [false, "false"]  "ttl" = [60] }"#
        #expect(!(try decide(stanza, ["no_store": false]).isAllowed))
        #expect(!(try decide(stanza, ["no_store": "false"]).isAllowed))
        #expect(!(try decide(stanza, ["ttl": .double(60)]).isAllowed))
        #expect(try decide(stanza, ["no_store": true, "ttl": 61]).isAllowed)
    }

    @Test func requiredParameters() throws {
        let stanza = #"required_parameters = ["name", "ID"]"#
        #expect(try decide(stanza, ["name": "a", "id": "b"]).isAllowed)
        #expect(reason(try decide(stanza, ["name": "a"])) == .requiredParameterMissing("id", rule: try rule(stanza)))
        #expect(!(try decide(stanza, [:]).isAllowed))
    }

    @Test func parameterNamesAreCaseInsensitive() throws {
        let stanza = #"allowed_parameters = { "Bar" = ["zip"] }  denied_parameters = { "SECRET" = [] }"#
        #expect(try decide(stanza, ["BAR": "zip"]).isAllowed)
        #expect(!(try decide(stanza, ["bar": "zop"]).isAllowed))
        #expect(!(try decide(stanza, ["Secret": "x", "bar": "zip"]).isAllowed))
    }

    @Test func onlyReadCreateUpdateAndPatchAreChecked() throws {
        let stanza = #"required_parameters = ["x"]  denied_parameters = { "*" = [] }"#
        #expect(!(try decide(stanza, ["y": 1], operation: .read).isAllowed))
        #expect(!(try decide(stanza, ["y": 1], operation: .create).isAllowed))
        #expect(try decide(stanza, ["y": 1], operation: .list).isAllowed)
        #expect(try decide(stanza, ["y": 1], operation: .delete).isAllowed)
    }

    @Test func constraintsOfTheSamePatternPool() throws {
        let acl = try makeACL(
            (
                "a",
                """
                path "s" {
                  capabilities = ["update"]
                  allowed_parameters = { "x" = ["1"]  "y" = ["1"] }
                  required_parameters = ["x"]
                }
                """
            ),
            (
                "b",
                """
                path "s" {
                  capabilities = ["update"]
                  allowed_parameters = { "x" = ["2"]  "y" = []  "z" = [] }
                  required_parameters = ["z", "x"]
                }
                """
            ))
        let rule = try #require(acl.rule(for: "s", listing: false).rule)
        #expect(rule.parameters.allowed == ["x": ["2", "1"], "y": [], "z": []])
        #expect(rule.parameters.required == ["x", "z"])
        #expect(acl.authorize(operation: .update, path: "s", data: ["x": "2", "y": "any", "z": 0]).isAllowed)
        #expect(!acl.authorize(operation: .update, path: "s", data: ["x": "3", "z": 0]).isAllowed)
        #expect(!acl.authorize(operation: .update, path: "s", data: ["x": "1", "other": 0, "z": 0]).isAllowed)
    }

    @Test func wrappingTTLBounds() throws {
        let acl = try makeACL(
            (
                "p",
                """
                path "approle/secret-id" {
                  capabilities = ["update"]
                  min_wrapping_ttl = "1s"
                  max_wrapping_ttl = "90s"
                }
                """
            ))
        let rule = try #require(acl.rule(for: "approle/secret-id", listing: false).rule)
        #expect(acl.authorize(operation: .update, path: "approle/secret-id", wrapTTL: 30).isAllowed)
        #expect(
            acl.authorize(operation: .update, path: "approle/secret-id")
                == .denied(.wrappingTTLOutOfBounds(requested: nil, rule: rule)))
        #expect(
            acl.authorize(operation: .update, path: "approle/secret-id", wrapTTL: 91)
                == .denied(.wrappingTTLOutOfBounds(requested: 91, rule: rule)))
        #expect(!acl.authorize(operation: .update, path: "approle/secret-id", wrapTTL: 0).isAllowed)
    }

    @Test func mergedWrappingTTLsKeepTheShortest() throws {
        let acl = try makeACL(
            ("a", #"path "w" { capabilities = ["update"]  min_wrapping_ttl = "10s"  max_wrapping_ttl = "5m" }"#),
            ("b", #"path "w" { capabilities = ["update"]  min_wrapping_ttl = "20s"  max_wrapping_ttl = "1m" }"#))
        let rule = try #require(acl.rule(for: "w", listing: false).rule)
        #expect(rule.minWrappingTTL == 10)
        #expect(rule.maxWrappingTTL == 60)
    }

    private func rule(_ stanza: String) throws -> MatchedRule {
        try #require(makeACL(("p", Self.policy(stanza))).rule(for: "secret/foo", listing: false).rule)
    }

    /// A policy granting everything but sudo on `secret/foo`, with `stanza` added to the rule.
    private static func policy(_ stanza: String) -> String {
        """
        path "secret/foo" {
          capabilities = ["create", "update", "read", "list", "delete"]
          \(stanza)
        }
        """
    }
}
