import CofferCore
import Foundation
import Testing

@testable import CofferSecrets

@Suite("Transit's base64 and vault:v<n>: texts")
struct TransitEncodingTests {
    @Test func base64MatchesFoundationOnValidInput() throws {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let text = Data(bytes).base64EncodedString()
            #expect(try StandardBase64.decode(text) == bytes)
        }
    }

    @Test func base64EncodesAsFoundationDoes() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 53 &+ 7) }
            #expect(StandardBase64.encode(bytes) == Data(bytes).base64EncodedString())
            #expect(StandardBase64.encode(bytes, after: "vault:v3:") == "vault:v3:" + Data(bytes).base64EncodedString())
        }
    }

    @Test func base64ReportsWhereBadInputStarts() {
        let cases: [(String, Int)] = [
            ("not base64!", 3), ("!!", 0), ("abc", 0), ("abcde", 4), ("ab=c", 3), ("a===", 1), ("aGk=aGk=", 4),
        ]
        for (text, offset) in cases {
            #expect(throws: StandardBase64.Failure(offset: offset), "\(text)") { try StandardBase64.decode(text) }
        }
        #expect(StandardBase64.Failure(offset: 3).message == "illegal base64 data at input byte 3")
    }

    @Test func base64SkipsLineBreaksAndIgnoresSpareBits() throws {
        #expect(try StandardBase64.decode("aGVs\nbG8=") == Array("hello".utf8))
        #expect(try StandardBase64.decode("aGVsbG9=") == Array("hello".utf8))
    }

    @Test func ciphertextTextRoundTrips() throws {
        let ciphertext = TransitCiphertext(version: 12, bytes: [0, 1, 2, 250])
        #expect(ciphertext.text() == "vault:v12:AAEC+g==")
        #expect(try TransitCiphertext(parsing: ciphertext.text(), kind: "ciphertext") == ciphertext)
        #expect(ciphertext.text(base64URL: true) == "vault:v12:AAEC-g")
        #expect(try TransitCiphertext(parsing: "vault:v12:AAEC-g", kind: "signature", base64URL: true) == ciphertext)
    }

    @Test func malformedCiphertextsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("garbage", "invalid ciphertext: no prefix"),
            ("vault:x1:AAAA", "invalid ciphertext: no prefix"),
            ("vault:v1", "invalid ciphertext: wrong number of fields"),
            ("vault:vX:AAAA", "invalid ciphertext: version number could not be decoded"),
            ("vault:v1:abc", "invalid ciphertext: could not decode base64"),
        ]
        for (text, message) in cases {
            #expect(throws: CoreError.badRequest(message)) { try TransitCiphertext(parsing: text, kind: "ciphertext") }
        }
    }
}
