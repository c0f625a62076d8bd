import CofferHCL
import Testing

@Suite("Heredocs")
struct HeredocTests {
    @Test func plainHeredocKeepsLinesAsWritten() throws {
        let text = """
            policy = <<EOF
            path "secret/*" {
              capabilities = ["read"]
            }
            EOF
            after = true
            """
        let body = try HCLParser.parse(text)
        #expect(body.attribute("policy")?.value == .string("path \"secret/*\" {\n  capabilities = [\"read\"]\n}\n"))
        #expect(body.attribute("after")?.position == HCLPosition(line: 6, column: 1))
    }

    @Test func indentedHeredocRemovesCommonIndentation() throws {
        let text = """
            storage "raft" {
              retry_join = <<-END
                line one
                  nested
                \ttabbed
                END
            }
            """
        let block = try #require(HCLParser.parse(text).blocks.first)
        #expect(block.body.attribute("retry_join")?.value == .string("line one\n  nested\n\ttabbed\n"))
    }

    @Test func indentedHeredocKeepsBlankLines() throws {
        let text = "a = <<-X\n    one\n\n    two\n  X\n"
        #expect(try HCLParser.parse(text).attribute("a")?.value == .string("one\n\ntwo\n"))
    }

    @Test func emptyHeredocAndWindowsLineEndings() throws {
        #expect(try HCLParser.parse("a = <<EOF\nEOF").attribute("a")?.value == .string(""))
        #expect(try HCLParser.parse("a = <<EOF\r\nx\r\nEOF\r\n").attribute("a")?.value == .string("x\n"))
    }

    @Test func plainHeredocNeedsTheMarkerAtLineStart() throws {
        let text = "a = <<EOF\n  EOF\nEOF\n"
        #expect(try HCLParser.parse(text).attribute("a")?.value == .string("  EOF\n"))
    }

    @Test func heredocInAList() throws {
        let text = "a = [<<EOF\nx\nEOF\n, \"y\"]"
        #expect(try HCLParser.parse(text).attribute("a")?.value == .list([.string("x\n"), .string("y")]))
    }
}
