import CofferAPI
import Testing

@Suite("whitespace trimming")
struct TrimmingTests {
    @Test(arguments: [
        ("default", "default"),
        (" default", "default"),
        ("default\n", "default"),
        ("\t a b \r\n", "a b"),
        ("a\u{00A0}", "a"),
        ("\u{2003}a", "a"),
        ("x", "x"),
        ("", ""),
        ("   ", ""),
        ("é ", "é"),
        ("~!", "~!"),
    ])
    func trimsUnicodeWhitespaceAtBothEnds(_ input: String, _ expected: String) {
        #expect(input.trimmingWhitespace == expected)
        #expect(input[...].trimmingWhitespace == expected)
    }

    @Test func durationsAcceptSurroundingWhitespace() throws {
        #expect(try DurationText.seconds(" 1h ") == 3600)
        #expect(try DurationText.seconds("90") == 90)
        #expect(try DurationText.seconds("1h30m\u{00A0}") == 5400)
        #expect(throws: DurationText.ParseError.self) { try DurationText.seconds(" ") }
    }
}
