import CofferHCL
import Testing

@Suite("Body and value accessors")
struct HCLBodyTests {
    @Test func lastAttributeWins() throws {
        let body = try HCLParser.parse("ttl = \"1h\"\nttl = \"2h\"")
        #expect(body.attributes.count == 2)
        #expect(body.attribute("ttl")?.value == .string("2h"))
        #expect(body.attribute("ttl")?.position == HCLPosition(line: 2, column: 1))
        #expect(body.attribute("missing") == nil)
    }

    @Test func blocksOfTypeKeepSourceOrder() throws {
        let body = try HCLParser.parse(#"a "1" {} b {} a "2" {}"#)
        #expect(body.blocks(ofType: "a").map(\.labels) == [["1"], ["2"]])
        #expect(body.blocks(ofType: "c").isEmpty)
    }

    @Test func valueAccessors() {
        #expect(HCLValue.string("s").stringValue == "s")
        #expect(HCLValue.int(3).intValue == 3)
        #expect(HCLValue.int(3).doubleValue == 3.0)
        #expect(HCLValue.double(0.5).doubleValue == 0.5)
        #expect(HCLValue.double(0.5).intValue == nil)
        #expect(HCLValue.bool(false).boolValue == false)
        #expect(HCLValue.list([.int(1)]).listValue == [.int(1)])
        #expect(HCLValue.object(HCLBody()).objectValue == HCLBody())
        #expect(HCLValue.string("1").intValue == nil)
        #expect(HCLValue.int(1).stringValue == nil)
        #expect(HCLValue.string("true").boolValue == nil)
        #expect(HCLValue.object(HCLBody()).listValue == nil)
        #expect(HCLValue.list([]).objectValue == nil)
    }
}
