@testable import CofferCore
import Foundation
import Testing

@Suite("base64url")
struct Base64URLTests {
    @Test func agreesWithFoundationForEveryLengthAndByte() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length &* 101) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == expected)
            #expect(Base64URL.decode(expected) == bytes)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64URL.decode(Base64URL.encode(all)) == all)
    }

    @Test func rejectsWhatIsNotUnpaddedBase64URL() {
        for text in ["a", "abcde", "ab+c", "ab/c", "abc=", "ab c", "ä"] {
            #expect(Base64URL.decode(text) == nil, "\(text)")
        }
    }
}
