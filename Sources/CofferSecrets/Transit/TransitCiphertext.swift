import CofferCore
import Foundation

/// The `vault:v<version>:<base64>` text transit returns for ciphertexts, signatures and HMACs.
struct TransitCiphertext: Sendable, Equatable {
    let version: Int
    let bytes: [UInt8]

    /// `kind` names the value in errors: "ciphertext", "signature" or "HMAC".
    init(parsing text: String, kind: String, base64URL: Bool = false) throws(CoreError) {
        guard text.hasBytePrefix("vault:v") else { throw .badRequest("invalid \(kind): no prefix") }
        let fields = text.dropFirst(7).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard fields.count == 2 else { throw .badRequest("invalid \(kind): wrong number of fields") }
        guard let version = Int(fields[0]) else {
            throw .badRequest("invalid \(kind): version number could not be decoded")
        }
        let encoded = String(fields[1])
        if base64URL {
            guard let bytes = Base64URL.decode(encoded) else {
                throw .badRequest("invalid \(kind): could not decode base64")
            }
            self.bytes = bytes
        } else {
            do { self.bytes = try StandardBase64.decode(encoded) } catch {
                throw .badRequest("invalid \(kind): could not decode base64")
            }
        }
        self.version = version
    }

    init(version: Int, bytes: [UInt8]) {
        self.version = version
        self.bytes = bytes
    }

    /// The text form; JWS-marshaled signatures use unpadded base64url.
    func text(base64URL: Bool = false) -> String {
        let prefix = "vault:v\(version):"
        return base64URL ? prefix + Base64URL.encode(bytes) : StandardBase64.encode(bytes, after: prefix)
    }
}
