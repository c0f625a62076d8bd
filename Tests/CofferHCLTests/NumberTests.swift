import CofferHCL
import Testing

@Suite("Numbers and booleans")
struct NumberTests {
    @Test(arguments: [
        ("0", Int64(0)),
        ("42", 42),
        ("-7", -7),
        ("0x1F", 31),
        ("0XfF", 255),
        ("-0x10", -16),
        ("0644", 420),
        ("9223372036854775807", .max),
        ("-9223372036854775808", .min),
    ])
    func integers(literal: String, expected: Int64) throws {
        #expect(try HCLParser.parse("n = \(literal)").attribute("n")?.value == .int(expected))
    }

    @Test(arguments: [
        ("1.5", 1.5),
        ("-0.25", -0.25),
        ("1e3", 1000.0),
        ("2.5E-2", 0.025),
        ("-1e+2", -100.0),
    ])
    func floats(literal: String, expected: Double) throws {
        #expect(try HCLParser.parse("n = \(literal)").attribute("n")?.value == .double(expected))
    }

    @Test func booleans() throws {
        let body = try HCLParser.parse("yes = true\nno = false")
        #expect(body.attribute("yes")?.value == .bool(true))
        #expect(body.attribute("no")?.value == .bool(false))
    }

    @Test func negativeNumbersInLists() throws {
        #expect(try HCLParser.parse("n = [-1,-2.5]").attribute("n")?.value == .list([.int(-1), .double(-2.5)]))
    }
}
