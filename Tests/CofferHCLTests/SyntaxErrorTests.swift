import Testing

@Suite("Syntax errors")
struct SyntaxErrorTests {
    @Test func missingEquals() {
        expectError(
            "disable_mlock true",
            line: 1,
            column: 15,
            #"expected "=" or "{" after key "disable_mlock", found boolean true"#
        )
        expectError(
            "capabilities [\"read\"]",
            line: 1,
            column: 14,
            #"expected "=" or "{" after key "capabilities", found "[""#
        )
        expectError(
            "disable_mlock\nui = true",
            line: 2,
            column: 1,
            #"expected "=" or "{" after key "disable_mlock", found identifier "ui""#
        )
    }

    @Test func missingEqualsBeforeAStringPointsAtTheString() {
        let text = """
            api_addr = "https://127.0.0.1:8200"
            default_lease_ttl "768h"
            disable_mlock = true
            """
        expectError(text, line: 2, column: 19, #"expected "=" or "{" after key "default_lease_ttl", found a string"#)
        expectError("api_addr \"x\"", line: 1, column: 10, #"expected "=" or "{" after key "api_addr", found a string"#)
    }

    @Test func labelledBlockWithoutBrace() {
        expectError(
            #"path "secret/*" ["read"]"#,
            line: 1,
            column: 17,
            #"expected "{" after block "path" "secret/*", found "[""#
        )
        expectError(
            #"path "x" = 1"#,
            line: 1,
            column: 12,
            #"expected "{" after "=" of block "path" "x", found number 1"#
        )
    }

    @Test func unexpectedTokenWhereAKeyBelongs() {
        expectError("= 5", line: 1, column: 1, #"expected a key (a name or a quoted string), found "=""#)
        expectError("a = 1\n  ]", line: 2, column: 3, #"expected a key (a name or a quoted string), found "]""#)
        expectError("a = 1,, b = 2", line: 1, column: 7, #"expected a key (a name or a quoted string), found ",""#)
        expectError(
            "a = <<EOF\nx\nEOF\n<<EOF\nEOF",
            line: 4,
            column: 1,
            "expected a key (a name or a quoted string), found a heredoc"
        )
    }

    @Test func unexpectedTokenWhereAValueBelongs() {
        expectError("a =", line: 1, column: 4, #"expected a value for "a", found end of file"#)
        expectError("a = ]", line: 1, column: 5, #"expected a value for "a", found "]""#)
        expectError("a = = 1", line: 1, column: 5, #"expected a value for "a", found "=""#)
        expectError(
            "tls_disable = yes",
            line: 1,
            column: 15,
            #"expected a value for "tls_disable", found identifier "yes"; quote it to make a string"#
        )
    }

    @Test func strayClosingBrace() {
        expectError("a = 1\n}", line: 2, column: 1, #"unexpected "}": no block is open"#)
    }

    @Test func unclosedBrace() {
        let policy = """
            path "secret/*" {
              capabilities = ["read"]
            """
        expectError(
            policy,
            line: 1,
            column: 17,
            #"unclosed "{" of block "path" "secret/*": expected "}" before end of file"#
        )
        let nested = """
            listener "tcp" {
              telemetry {
                x = 1
            }
            """
        expectError(
            nested,
            line: 1,
            column: 16,
            #"unclosed "{" of block "listener" "tcp": expected "}" before end of file"#
        )
        expectError(
            "a = {\n  b = 1\n",
            line: 1,
            column: 5,
            #"unclosed "{" of object "a": expected "}" before end of file"#
        )
    }

    @Test func unclosedBracket() {
        expectError(
            #"capabilities = ["read", "list""#,
            line: 1,
            column: 16,
            #"unclosed "[" of list "capabilities": expected "]" before end of file"#
        )
        expectError(
            "a = [\n  \"x\",\n",
            line: 1,
            column: 5,
            #"unclosed "[" of list "a": expected "]" before end of file"#
        )
        let policy = """
            path "a" {
              capabilities = ["read"
            }
            """
        expectError(
            policy,
            line: 3,
            column: 1,
            #"expected "," or "]" after an element of list "capabilities", found "}""#
        )
        expectError(
            "a = [\n  \"x\"\n  b = 1",
            line: 3,
            column: 3,
            #"expected "," or "]" after an element of list "a", found identifier "b""#
        )
    }

    @Test func badListSeparators() {
        expectError(
            #"a = ["x" "y"]"#,
            line: 1,
            column: 10,
            #"expected "," or "]" after an element of list "a", found a string"#
        )
        expectError("a = [,]", line: 1, column: 6, #"expected a value or "]" in list "a", found ",""#)
    }

    @Test func nestingDeeperThanTheLimit() {
        let lists = "a = " + String(repeating: "[", count: 101)
        expectError(lists, line: 1, column: 105, "nesting is deeper than 100 levels")
        let objects = String(repeating: "a { ", count: 101)
        expectError(objects, line: 1, column: 403, "nesting is deeper than 100 levels")
    }
}
