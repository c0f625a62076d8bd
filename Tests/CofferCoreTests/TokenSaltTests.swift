@testable import CofferCore
import Crypto
import Testing

@Suite("token salt")
struct TokenSaltTests {
    @Test func hashesAreHMACSHA256AndRepeatable() {
        let key = SymmetricKey(data: (0..<32).map { UInt8($0) })
        let salt = TokenSalt(key: key)
        for value in ["", "hvs.abc", "accessor-é", String(repeating: "x", count: 200)] {
            let expected = HMAC<SHA256>.authenticationCode(for: Array(value.utf8), using: key)
                .map { String(format: "%02x", $0) }.joined()
            #expect(salt.hash(value) == expected)
            #expect(salt.hash(value) == expected)
        }
    }
}
