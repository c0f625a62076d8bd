import Testing

@Suite("Lexical errors")
struct LexicalErrorTests {
    @Test func unterminatedString() {
        let message = "unterminated string: close it with a quote on the same line"
        expectError("a = 1\nb = \"open\nc = 2", line: 2, column: 5, message)
        expectError("x = \"abc", line: 1, column: 5, message)
        expectError("x = \"ends with backslash\\\ny = 1", line: 1, column: 5, message)
    }

    @Test func unterminatedInterpolation() {
        expectError(
            #"s = "a ${foo"#,
            line: 1,
            column: 8,
            #"unterminated "${" in string: missing closing "}" on this line"#
        )
    }

    @Test func unterminatedComment() {
        expectError(
            "a = 1\n  /* never closed\nb = 2",
            line: 2,
            column: 3,
            #"unterminated comment: "/*" has no closing "*/""#
        )
    }

    @Test func unterminatedHeredoc() {
        expectError("a = 1\nb = <<EOF\ntext\n", line: 2, column: 5, #"unterminated heredoc: no line "EOF" ends it"#)
        expectError("b = <<-END\n  x\n  ENDX\n", line: 1, column: 5, #"unterminated heredoc: no line "END" ends it"#)
    }

    @Test func malformedHeredocStart() {
        expectError("a = <<\nx", line: 1, column: 7, #"expected a heredoc marker such as EOF after "<<""#)
        expectError("a = <<EOF x\nEOF", line: 1, column: 10, #"expected a line break after heredoc marker "EOF""#)
    }

    @Test func badEscapes() {
        expectError(
            #"s = "bad \q here""#,
            line: 1,
            column: 10,
            #"unknown escape sequence "\q"; write "\\" for a backslash"#
        )
        expectError(
            #"s = "\u12G4""#,
            line: 1,
            column: 6,
            #"invalid escape "\u12": expected 4 hex digits naming a Unicode scalar"#
        )
        expectError(
            #"s = "\uD800""#,
            line: 1,
            column: 6,
            #"invalid escape "\uD800": expected 4 hex digits naming a Unicode scalar"#
        )
        expectError(
            #"s = "\U0011FFFF""#,
            line: 1,
            column: 6,
            #"invalid escape "\U0011FFFF": expected 8 hex digits naming a Unicode scalar"#
        )
    }

    @Test func unexpectedCharacter() {
        expectError("a = 1\nb @ 2", line: 2, column: 3, #"unexpected character "@""#)
        expectError("a = 1 / 2", line: 1, column: 7, #"unexpected character "/""#)
    }

    @Test func invalidNumbers() {
        expectError("ttl = 10s", line: 1, column: 7, #"invalid number "10s"; quote it to make a string"#)
        expectError("v = 1.2.3", line: 1, column: 5, #"invalid number "1.2.3"; quote it to make a string"#)
        expectError("v = 0x", line: 1, column: 5, #"invalid number "0x"; quote it to make a string"#)
        expectError("v = 0xZ", line: 1, column: 5, #"invalid number "0xZ"; quote it to make a string"#)
        expectError("mode = 0789", line: 1, column: 8, #"invalid octal number "0789"; quote it to make a string"#)
    }

    @Test func numbersOutOfRange() {
        expectError("n = 9223372036854775808", line: 1, column: 5, "number 9223372036854775808 is out of range")
        expectError("n = [1, -0x8000000000000001]", line: 1, column: 9, "number -0x8000000000000001 is out of range")
        expectError("n = 1e999", line: 1, column: 5, "number 1e999 is out of range")
    }
}
