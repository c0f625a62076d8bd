import CofferHCL
import Testing

@Suite("Lists")
struct ListTests {
    @Test func trailingCommaAndLineBreaks() throws {
        let text = """
            a = ["x", "y",]
            b = [
              "x",
              "y",
            ]
            c = []
            d = [
            ]
            """
        let body = try HCLParser.parse(text)
        #expect(body.attribute("a")?.value == .list([.string("x"), .string("y")]))
        #expect(body.attribute("b")?.value == body.attribute("a")?.value)
        #expect(body.attribute("c")?.value == .list([]))
        #expect(body.attribute("d")?.value == .list([]))
    }

    @Test func lineBreaksSeparateElements() throws {
        let text = """
            a = [
              "x"
              "y"
              3
            ]
            """
        #expect(try HCLParser.parse(text).attribute("a")?.value == .list([.string("x"), .string("y"), .int(3)]))
    }

    @Test func mixedAndNestedElements() throws {
        let body = try HCLParser.parse(#"a = [1, 2.5, true, "s", [], ["n"], { k = "v" }]"#)
        let object = HCLBody(attributes: [
            HCLAttribute(name: "k", value: .string("v"), position: HCLPosition(line: 1, column: 38))
        ])
        #expect(
            body.attribute("a")?.value
                == .list([
                    .int(1), .double(2.5), .bool(true), .string("s"), .list([]), .list([.string("n")]), .object(object),
                ])
        )
    }
}
