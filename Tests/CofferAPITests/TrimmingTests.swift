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
        #expect(try BoundedDuration(parsing: " 1h ").seconds == 3600)
        #expect(try BoundedDuration(parsing: "90").seconds == 90)
        #expect(try BoundedDuration(parsing: "1h30m\u{00A0}").seconds == 5400)
        #expect(throws: DurationError.self) { try BoundedDuration(parsing: " ") }
    }
}
