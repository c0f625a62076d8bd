import CofferHCL
import Testing

@Suite("Comments")
struct CommentTests {
    @Test func allThreeStylesAreIgnored() throws {
        let text = """
            # hash comment
            a = 1 # trailing hash
            // slash comment
            b = 2 // trailing slashes
            /* block
               comment */ c = /* inline */ 3
            """
        let body = try HCLParser.parse(text)
        #expect(body.attributes.map(\.name) == ["a", "b", "c"])
        #expect(body.attribute("c")?.value == .int(3))
        #expect(body.attribute("c")?.position == HCLPosition(line: 6, column: 15))
    }

    @Test func commentMarkersInsideStringsAreText() throws {
        let body = try HCLParser.parse(#"url = "http://host/#frag /* not */""#)
        #expect(body.attribute("url")?.value == .string("http://host/#frag /* not */"))
    }

    @Test func blockCommentsDoNotNest() throws {
        let body = try HCLParser.parse("/* outer /* inner */ a = 1")
        #expect(body.attribute("a")?.value == .int(1))
    }
}
