import Testing

@testable import CofferCLI

@Suite struct PolicyCommandTests {
    @Test func readPrintsTheRulesOrAPolicyMember() {
        let rules = "path \"secret/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n"
        #expect(PolicyRead.render(rules, format: .table) == rules)
        #expect(
            PolicyRead.render(rules, format: .json)
                == "{\n  \"policy\": \"path \\\"secret/*\\\" {\\n  capabilities = [\\\"read\\\", \\\"list\\\"]\\n}\\n\"\n}\n"
        )
        // `bao policy read -format=yaml app` prints the rules as a literal block.
        #expect(
            PolicyRead.render(rules, format: .yaml) == """
                policy: |
                  path "secret/*" {
                    capabilities = ["read", "list"]
                  }

                """)
    }

    @Test func listPrintsOneNameALine() {
        #expect(PolicyList.render(["app", "default", "root"], format: .table) == "app\ndefault\nroot\n")
        #expect(PolicyList.render(["root"], format: .json) == "[\n  \"root\"\n]\n")
    }

    @Test func namesAreStoredLowercased() {
        #expect(PolicyCommand.normalized(" Mixed ") == "mixed")
    }

    /// `bao policy fmt` (OpenBao 2.7.2) on the same file: comments kept, lists and objects
    /// re-laid, blank lines between blocks and around multi-line attributes.
    @Test func fmtMatchesVaultsLayout() throws {
        let source = """
            // lead comment
            /* block
               comment */
            path "a/*" {
              capabilities = [
                "read",
                "list"
              ]
            }
            path "b" {
              capabilities = ["read"] # trailing
              # inside comment
              denied_parameters = {
                "x" = []
              }
              max_wrapping_ttl = "1h"
              min_wrapping_ttl = 60
            }


            path "c" { capabilities = ["create",
            "update"] }
            path "d" {
            capabilities=[]
            allowed_parameters = { "*" = [] "y" = ["1", "2"] }
            }

            """
        #expect(
            try PolicyFormat.format(source) == """
                // lead comment
                /* block
                   comment */
                path "a/*" {
                  capabilities = [
                    "read",
                    "list",
                  ]
                }

                path "b" {
                  capabilities = ["read"] # trailing

                  # inside comment
                  denied_parameters = {
                    "x" = []
                  }

                  max_wrapping_ttl = "1h"
                  min_wrapping_ttl = 60
                }

                path "c" {
                  capabilities = [
                    "create",
                    "update",
                  ]
                }

                path "d" {
                  capabilities = []

                  allowed_parameters = {
                    "*" = []

                    "y" = ["1", "2"]
                  }
                }

                """)
    }

    @Test func fmtAlignsAdjacentAttributesAndKeepsStandaloneComments() throws {
        let source = """
            # a
            # b

            # c
            path "a" {
                capabilities=["read"]
                required_parameters = ["x"] # why
                min_wrapping_ttl = "1s"   // floor
                # y
                # z
                policy = "read"
            }


            # e
            """
        #expect(
            try PolicyFormat.format(source) == """
                # a
                # b

                # c
                path "a" {
                  capabilities        = ["read"]
                  required_parameters = ["x"]    # why
                  min_wrapping_ttl    = "1s"     // floor

                  # y
                  # z
                  policy = "read"
                }

                # e


                """)
        let once = try PolicyFormat.format(source)
        #expect(try PolicyFormat.format(once) == once)
    }

    @Test func fmtRefusesWhatIsNotAPolicy() {
        let cases = [
            (
                "path \"a\" {\n  capabilities = [\"read\", \"nope\"]\n}\n",
                "failed to parse policy: path \"a\": path \"a\": invalid capability \"nope\""
            ),
            (
                "path \"a\" {\n  foo = 1\n}\n",
                "failed to parse policy: path \"a\": 1 error occurred:\n\t* invalid key \"foo\" on line 2\n\n"
            ),
            (
                "path \"a\" {\n  capabilities = [\"read\"\n}\n",
                "failed to parse policy: At 3:1: error parsing list, expected comma or list end, got: RBRACE"
            ),
            (
                "path \"a\" {\n  capabilities = [\n",
                "failed to parse policy: At 3:1: unexpected token while parsing list: EOF"
            ),
            ("path \"a\" = {}", "failed to parse policy: At 1:10: nested object expected: LBRACE got: ASSIGN"),
        ]
        for (source, message) in cases {
            #expect(throws: CommandFailure.local(message)) { try PolicyFormat.format(source) }
        }
    }

    @Test func commentsGroupByAdjacency() throws {
        let document = try PolicyDocument(parsing: "# one\n\n# two\n# three\npath \"a\" {} # after\n")
        #expect(document.standalone.map { $0.map(\.text) } == [["# one"]])
        #expect(document.items[0].leadComment.map(\.text) == ["# two", "# three"])
        #expect(document.items[0].lineComment.map(\.text) == ["# after"])
    }
}
