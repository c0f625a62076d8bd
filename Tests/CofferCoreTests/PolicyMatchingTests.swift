import CofferAPI
import Testing

@testable import CofferCore

/// An ACL of policies given as (name, HCL text) pairs, in order.
func makeACL(_ policies: (String, String)...) throws -> ACL {
    ACL(policies: try policies.map { try Policy(name: $0.0, text: $0.1) })
}

/// The pattern of the rule deciding `path`, or nil.
func decidingPattern(_ acl: ACL, _ path: String, listing: Bool = false) -> String? {
    acl.rule(for: path, listing: listing).rule?.pattern
}

@Suite("Policy path matching")
struct PolicyMatchingTests {
    @Test func exactPathsMatchOnlyThemselves() throws {
        let acl = try makeACL(("p", #"path "secret/foo" { capabilities = ["read"] }"#))
        #expect(acl.capabilities(for: "secret/foo") == .read)
        #expect(acl.capabilities(for: "/secret/foo") == .read)
        #expect(acl.capabilities(for: "secret/food") == [])
        #expect(acl.capabilities(for: "secret/foo/bar") == [])
    }

    @Test func aTrailingStarIsAPrefixMatch() throws {
        let acl = try makeACL(
            ("p", #"path "secret/bar/*" { capabilities = ["read"] }  path "secret/zip-*" { capabilities = ["list"] }"#))
        #expect(acl.capabilities(for: "secret/bar/zip") == .read)
        #expect(acl.capabilities(for: "secret/bar/zip/zap") == .read)
        #expect(acl.capabilities(for: "secret/bars/zip") == [])
        #expect(acl.capabilities(for: "secret/bar") == [])
        #expect(acl.capabilities(for: "secret/zip-zap") == .list)
        #expect(acl.capabilities(for: "secret/zip-zap/zong") == .list)
        #expect(acl.capabilities(for: "secret/zip/zap") == [])
    }

    @Test func aStarAloneMatchesEverything() throws {
        let acl = try makeACL(("p", #"path "*" { capabilities = ["read"] }"#))
        #expect(acl.capabilities(for: "") == .read)
        #expect(acl.capabilities(for: "sys/mounts") == .read)
    }

    @Test func plusMatchesExactlyOneSegment() throws {
        let acl = try makeACL(
            (
                "p",
                """
                path "secret/+/teamb" { capabilities = ["read"] }
                path "secret/+/+/teamb" { capabilities = ["list"] }
                """
            ))
        #expect(acl.capabilities(for: "secret/foo/teamb") == .read)
        #expect(acl.capabilities(for: "secret/foo/bar/teamb") == .list)
        #expect(acl.capabilities(for: "secret/teamb") == [])
        #expect(acl.capabilities(for: "secret/foo/teamb/x") == [])
    }

    @Test func plusAndStarCombine() throws {
        let acl = try makeACL(("p", #"path "secret/+/config*" { capabilities = ["read"] }"#))
        #expect(acl.capabilities(for: "secret/app/config") == .read)
        #expect(acl.capabilities(for: "secret/app/config-prod/x") == .read)
        #expect(acl.capabilities(for: "secret/app/other") == [])
        #expect(acl.capabilities(for: "secret/config") == [])
    }

    @Test func plusInsideASegmentIsAnOrdinaryCharacter() throws {
        let acl = try makeACL(("p", #"path "secret/a+b" { capabilities = ["read"] }"#))
        #expect(acl.capabilities(for: "secret/a+b") == .read)
        #expect(acl.capabilities(for: "secret/axb") == [])
    }

    @Test func theDocumentedDenyOverride() throws {
        let acl = try makeACL(
            (
                "p",
                """
                path "secret/*" { capabilities = ["create", "read", "update", "patch", "delete", "list"] }
                path "secret/super-secret" { capabilities = ["deny"] }
                """
            ))
        #expect(acl.capabilities(for: "secret/other") == [.create, .read, .update, .patch, .delete, .list])
        #expect(acl.capabilities(for: "secret/super-secret") == [])
        #expect(
            acl.authorize(operation: .read, path: "secret/super-secret")
                == .denied(
                    .explicitDeny(
                        acl.rule(for: "secret/super-secret", listing: false).rule!)))
    }

    @Test func theDocumentedExampleFallsToRuleThree() throws {
        let acl = try makeACL(
            ("p", #"path "secret/*" { capabilities = ["read"] }  path "secret/+/+/foo/*" { capabilities = ["list"] }"#))
        #expect(decidingPattern(acl, "secret/a/b/foo/c") == "secret/*")
    }

    @Test(
        "each priority rule decides",
        arguments: [
            // 1: the later the first wildcard, the higher.
            ("foo/a*", "foo/+", "foo/abc"),
            ("foo/bar/+/baz", "foo/+/bar/baz", "foo/bar/bar/baz"),
            ("secret/app/*", "secret/+/x", "secret/app/x"),
            // 2: without a trailing star beats with one.
            ("foo/+/bar", "foo/+/ba*", "foo/x/bar"),
            ("foo/+", "foo/*", "foo/x"),
            // 3: fewer plus segments.
            ("foo/+/bar/baz", "foo/+/+/baz", "foo/x/bar/baz"),
            // 4: longer.
            ("foo/+/bar/ba*", "foo/+/bar/b*", "foo/x/bar/baz"),
            ("secret/abc*", "secret/a*", "secret/abcd"),
            // 5: lexicographically greater.
            ("+/b/+", "+/+/c", "a/b/c"),
            // An exact pattern beats every other.
            ("secret/foo", "secret/foo*", "secret/foo"),
            ("a/b/c", "+/+/+", "a/b/c"),
        ])
    func priority(_ winner: String, _ loser: String, _ path: String) throws {
        let oneOrder = try makeACL(
            ("a", #"path "\#(winner)" { capabilities = ["read"] }"#),
            ("b", #"path "\#(loser)" { capabilities = ["list"] }"#))
        let otherOrder = try makeACL(
            ("b", #"path "\#(loser)" { capabilities = ["list"] }"#),
            ("a", #"path "\#(winner)" { capabilities = ["read"] }"#))
        #expect(decidingPattern(oneOrder, path) == winner)
        #expect(decidingPattern(otherOrder, path) == winner)
        #expect(oneOrder.capabilities(for: path) == .read)
    }

    @Test func samePatternInSeveralPoliciesJoinsCapabilities() throws {
        let acl = try makeACL(
            ("reader", #"path "secret/app" { capabilities = ["read"] }"#),
            ("writer", #"path "secret/app" { capabilities = ["update", "sudo"] }"#))
        #expect(acl.capabilities(for: "secret/app") == [.read, .update, .sudo])
        let rule = try #require(acl.rule(for: "secret/app", listing: false).rule)
        #expect(rule.policies == ["reader", "writer"])
    }

    @Test func denyOnTheSamePatternWinsWhicheverPolicyHasIt() throws {
        for order in [["grant", "deny"], ["deny", "grant"]] {
            let texts = [
                "grant": #"path "secret/app" { capabilities = ["read", "sudo"] }"#,
                "deny": #"path "secret/app" { capabilities = ["deny"] }"#,
            ]
            let acl = ACL(policies: try order.map { try Policy(name: $0, text: texts[$0]!) })
            #expect(acl.capabilities(for: "secret/app") == [])
            let rule = try #require(acl.rule(for: "secret/app", listing: false).rule)
            #expect(rule.policies == ["deny"])
            #expect(acl.authorize(operation: .read, path: "secret/app") == .denied(.explicitDeny(rule)))
        }
    }

    @Test func denyOnALessSpecificPatternDoesNotOverrideAMoreSpecificGrant() throws {
        let acl = try makeACL(
            ("lockdown", #"path "secret/*" { capabilities = ["deny"] }"#),
            ("app", #"path "secret/app" { capabilities = ["read"] }"#))
        #expect(acl.capabilities(for: "secret/app") == .read)
        #expect(acl.capabilities(for: "secret/other") == [])
    }

    @Test func anEmptyStanzaShadowsBroaderGrants() throws {
        let acl = try makeACL(("p", #"path "secret/*" { capabilities = ["read"] }  path "secret/hidden" { }"#))
        let rule = try #require(acl.rule(for: "secret/hidden", listing: false).rule)
        #expect(
            acl.authorize(operation: .read, path: "secret/hidden")
                == .denied(.capabilityMissing(required: .read, rule: rule)))
    }

    @Test func listRequestsAlsoMatchThePatternWithoutTheTrailingSlash() throws {
        let acl = try makeACL(
            ("p", #"path "secret/foo" { capabilities = ["list"] }  path "+/teams" { capabilities = ["list"] }"#))
        #expect(acl.authorize(operation: .list, path: "secret/foo/").isAllowed)
        #expect(acl.authorize(operation: .list, path: "kv/teams/").isAllowed)
        #expect(!acl.authorize(operation: .read, path: "secret/foo/").isAllowed)
        #expect(acl.capabilities(for: "secret/foo/") == .list)
    }

    /// The reference's order: wildcards on the full path (its trailing slash an empty segment)
    /// before wildcards on the path without the slash.
    @Test func listRequestsTryWildcardsOnTheFullPathBeforeTheTrimmedPath() throws {
        let acl = try makeACL(
            ("p", #"path "secret/foo*" { capabilities = ["list"] }  path "secret/foo/*" { capabilities = ["read"] }"#))
        #expect(decidingPattern(acl, "secret/foo/", listing: true) == "secret/foo/*")
        #expect(decidingPattern(acl, "secret/foo/", listing: false) == "secret/foo/*")
        #expect(decidingPattern(acl, "secret/foo/x", listing: true) == "secret/foo/*")
        let segments = try makeACL(
            ("p", #"path "kv/x/+" { capabilities = ["list"] }  path "kv/x/y/+" { capabilities = ["read"] }"#))
        #expect(decidingPattern(segments, "kv/x/", listing: true) == "kv/x/+")
        #expect(decidingPattern(segments, "kv/x/y/", listing: true) == "kv/x/y/+")
        #expect(decidingPattern(segments, "kv/x/y/z/", listing: true) == "kv/x/y/+")
        #expect(decidingPattern(segments, "kv/x/y/z/", listing: false) == nil)
        let denied = try makeACL(
            ("p", #"path "kv/x/+" { capabilities = ["list"] }  path "kv/*" { capabilities = ["deny"] }"#))
        #expect(decidingPattern(denied, "kv/x/y/", listing: true) == "kv/*")
    }

    @Test func pathsCompareByBytesNotByUnicodeEquivalence() throws {
        let acl = try makeACL(("p", "path \"secret/caf\u{E9}\" { capabilities = [\"read\"] }"))
        #expect(acl.capabilities(for: "secret/caf\u{E9}") == .read)
        #expect(acl.capabilities(for: "secret/cafe\u{301}") == [])
    }

    @Test func operationsNeedTheirCapability() throws {
        let acl = try makeACL(("p", #"path "a" { capabilities = ["read", "patch"] }"#))
        let rule = try #require(acl.rule(for: "a", listing: false).rule)
        #expect(acl.authorize(operation: .read, path: "a") == .allowed(rule: rule))
        #expect(acl.authorize(operation: .head, path: "a") == .allowed(rule: rule))
        #expect(acl.authorize(operation: .patch, path: "a").isAllowed)
        for operation in [Operation.create, .update, .delete, .list] {
            let required = Capability(requiredFor: operation)
            #expect(
                acl.authorize(operation: operation, path: "a")
                    == .denied(.capabilityMissing(required: required, rule: rule)))
        }
        #expect(acl.authorize(operation: .read, path: "b") == .denied(.noMatchingRule))
    }

    @Test func rootHasEverythingAndNoPoliciesHaveNothing() {
        #expect(ACL.root.capabilities(for: "sys/audit") == .all)
        #expect(ACL.root.capabilities(for: "sys/audit").contains(.sudo))
        #expect(ACL.root.authorize(operation: .delete, path: "anything") == .allowed(rule: nil))
        #expect(ACL(policies: []).capabilities(for: "sys/audit") == [])
        #expect(ACL(policies: []).authorize(operation: .read, path: "x") == .denied(.noMatchingRule))
    }

    @Test func capabilityNamesAreSorted() {
        #expect(Capabilities([.update, .read, .sudo, .create]).names == ["create", "read", "sudo", "update"])
        #expect(Capabilities.all.members.count == 7)
    }

    @Test func denialReasonsExplainWithoutValues() throws {
        let acl = try makeACL(
            ("p", #"path "a" { capabilities = ["update"]  allowed_parameters = { "password" = ["x"] } }"#))
        let decision = acl.authorize(operation: .update, path: "a", data: ["password": "hunter2"])
        guard case .denied(let reason) = decision else {
            Issue.record("expected a denial")
            return
        }
        #expect(
            reason.description == #"the rule "a" of "p" does not allow the parameter "password" with the value sent"#)
        #expect(!reason.description.contains("hunter2"))
    }
}
