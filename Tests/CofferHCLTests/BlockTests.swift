import CofferHCL
import Testing

@Suite("Blocks and objects")
struct BlockTests {
    @Test func blockWithoutLabels() throws {
        let block = try #require(HCLParser.parse("telemetry {\n  disable_hostname = true\n}").blocks.first)
        #expect(block.type == "telemetry")
        #expect(block.labels.isEmpty)
        #expect(block.body.attribute("disable_hostname")?.value == .bool(true))
    }

    @Test func blockWithSeveralLabels() throws {
        let block = try #require(HCLParser.parse(#"a "b" "c" { }"#).blocks.first)
        #expect(block.labels == ["b", "c"])
        #expect(block.body == HCLBody())
    }

    @Test func braceOnTheNextLine() throws {
        let block = try #require(HCLParser.parse("storage \"raft\"\n{\n  path = \"/x\"\n}").blocks.first)
        #expect(block.body.attribute("path")?.value == .string("/x"))
    }

    @Test func labelledBlockWithEquals() throws {
        let body = try HCLParser.parse(#"path "secret/*" = { capabilities = ["read"] }"#)
        #expect(body.attributes.isEmpty)
        let block = try #require(body.blocks.first)
        #expect(block.type == "path")
        #expect(block.labels == ["secret/*"])
        #expect(block.body.attribute("capabilities")?.value == .list([.string("read")]))
    }

    @Test func keyEqualsBraceIsAnObjectAttribute() throws {
        let body = try HCLParser.parse("seal = { type = \"shamir\" }")
        #expect(body.blocks.isEmpty)
        let object = try #require(body.attribute("seal")?.value.objectValue)
        #expect(object.attribute("type")?.value == .string("shamir"))
    }

    @Test func nestedObjectsHoldBlocksAndAttributes() throws {
        let text = """
            outer = {
              inner = {
                deepest = { value = 1 }
              }
              block "label" { x = 2 }
            }
            """
        let outer = try #require(HCLParser.parse(text).attribute("outer")?.value.objectValue)
        let inner = try #require(outer.attribute("inner")?.value.objectValue)
        #expect(inner.attribute("deepest")?.value.objectValue?.attribute("value")?.value == .int(1))
        #expect(outer.blocks(ofType: "block").first?.body.attribute("x")?.value == .int(2))
    }

    @Test func itemsSeparatedByCommasLineBreaksOrNothing() throws {
        let body = try HCLParser.parse("a = 1, b = 2\nc = 3 d = { e = 4, f = 5, }")
        #expect(body.attributes.map(\.name) == ["a", "b", "c", "d"])
        #expect(body.attribute("d")?.value.objectValue?.attributes.map(\.name) == ["e", "f"])
    }

    @Test func nestedBlocks() throws {
        let text = """
            listener "tcp" {
              telemetry {
                unauthenticated_metrics_access = true
              }
            }
            """
        let listener = try #require(HCLParser.parse(text).blocks.first)
        let telemetry = try #require(listener.body.blocks(ofType: "telemetry").first)
        #expect(telemetry.position == HCLPosition(line: 2, column: 3))
        #expect(telemetry.body.attribute("unauthenticated_metrics_access")?.value == .bool(true))
    }
}
