import CofferCore
import Crypto

/// The digests `hash`, `hmac` and `sign` accept, by their API names.
enum TransitHashAlgorithm: String, Sendable {
    case sha2_256 = "sha2-256"
    case sha2_384 = "sha2-384"
    case sha2_512 = "sha2-512"

    /// The algorithm named `name` (nil means the default, SHA-256), or a 400 naming it.
    static func named(_ name: String?) throws(CoreError) -> TransitHashAlgorithm {
        guard let name, !name.isEmpty else { return .sha2_256 }
        guard let algorithm = TransitHashAlgorithm(rawValue: name) else {
            throw .badRequest("unsupported algorithm \(name)")
        }
        return algorithm
    }

    func digest(_ input: [UInt8]) -> [UInt8] {
        switch self {
        case .sha2_256: Array(SHA256.hash(data: input))
        case .sha2_384: Array(SHA384.hash(data: input))
        case .sha2_512: Array(SHA512.hash(data: input))
        }
    }

    func authenticationCode(_ input: [UInt8], key: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch self {
        case .sha2_256: return Array(HMAC<SHA256>.authenticationCode(for: input, using: key))
        case .sha2_384: return Array(HMAC<SHA384>.authenticationCode(for: input, using: key))
        case .sha2_512: return Array(HMAC<SHA512>.authenticationCode(for: input, using: key))
        }
    }
}
