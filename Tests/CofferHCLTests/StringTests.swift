import CofferHCL
import Testing

@Suite("Strings and keys")
struct StringTests {
    @Test func escapesAreResolved() throws {
        let body = try HCLParser.parse(#"s = "q\" b\\ n\n t\t r\r u\u00e9 U\U0001F512""#)
        #expect(body.attribute("s")?.value == .string("q\" b\\ n\n t\t r\r u\u{e9} U\u{1F512}"))
    }

    @Test func interpolationIsKeptLiterally() throws {
        let text = #"""
            a = "${var.region}-bucket"
            b = "${lookup(map, "key", "{}")}"
            c = "$${escaped} and $ alone"
            """#
        let body = try HCLParser.parse(text)
        #expect(body.attribute("a")?.value == .string("${var.region}-bucket"))
        #expect(body.attribute("b")?.value == .string(#"${lookup(map, "key", "{}")}"#))
        #expect(body.attribute("c")?.value == .string("$${escaped} and $ alone"))
    }

    @Test func identifiersTakeLettersDigitsUnderscoresDashesAndDots() throws {
        let body = try HCLParser.parse("tls-cert_file.v2 = \"x\"\n_private9 = \"y\"")
        #expect(body.attributes.map(\.name) == ["tls-cert_file.v2", "_private9"])
    }

    @Test func quotedKeysAndLabels() throws {
        let text = """
            "key with spaces" = 1
            "quoted" "label" { "*" = "any" }
            """
        let body = try HCLParser.parse(text)
        #expect(body.attribute("key with spaces")?.value == .int(1))
        let block = try #require(body.blocks.first)
        #expect(block.type == "quoted")
        #expect(block.labels == ["label"])
        #expect(block.body.attribute("*")?.value == .string("any"))
    }

    @Test func unquotedLabels() throws {
        let block = try #require(HCLParser.parse("listener tcp {}").blocks.first)
        #expect(block.labels == ["tcp"])
    }

    @Test func emptyAndUnicodeStrings() throws {
        let body = try HCLParser.parse("a = \"\"\nb = \"clé 🔑\"")
        #expect(body.attribute("a")?.value == .string(""))
        #expect(body.attribute("b")?.value == .string("clé 🔑"))
    }
}
