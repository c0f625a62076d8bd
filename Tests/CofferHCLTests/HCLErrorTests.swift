import CofferHCL
import Testing

@Suite("Error reporting")
struct HCLErrorTests {
    @Test func descriptionWithAndWithoutFileName() {
        let position = HCLPosition(line: 3, column: 7)
        #expect(
            HCLError(fileName: "coffer.hcl", position: position, message: "boom").description == "coffer.hcl:3:7: boom"
        )
        #expect(HCLError(position: position, message: "boom").description == "3:7: boom")
        #expect(position.description == "3:7")
    }

    @Test func parserErrorsNameTheFile() throws {
        let error = try #require(throws: HCLError.self) { try HCLParser.parse("a = 1\nb", fileName: "policy.hcl") }
        #expect(error.fileName == "policy.hcl")
        #expect(error.description == #"policy.hcl:2:2: expected "=" or "{" after key "b", found end of file"#)
    }

    @Test func lexerErrorsNameTheFile() throws {
        let error = try #require(throws: HCLError.self) { try HCLParser.parse("a = \"x", fileName: "/etc/coffer.hcl") }
        #expect(error.description == "/etc/coffer.hcl:1:5: unterminated string: close it with a quote on the same line")
    }
}
