/// The kinds of key a transit key ring can hold, named as the API names them (`type`).
enum TransitKeyType: String, Sendable, CaseIterable {
    case aes128GCM96 = "aes128-gcm96"
    case aes256GCM96 = "aes256-gcm96"
    case chacha20Poly1305 = "chacha20-poly1305"
    case ed25519
    case ecdsaP256 = "ecdsa-p256"
    case ecdsaP384 = "ecdsa-p384"
    case ecdsaP521 = "ecdsa-p521"
    case hmac

    /// Encrypts and decrypts with an AEAD cipher.
    var isSymmetric: Bool {
        switch self {
        case .aes128GCM96, .aes256GCM96, .chacha20Poly1305: true
        default: false
        }
    }

    var supportsEncryption: Bool { isSymmetric }

    var supportsSigning: Bool {
        switch self {
        case .ed25519, .ecdsaP256, .ecdsaP384, .ecdsaP521: true
        default: false
        }
    }

    /// Whether per-request key derivation from a `context` is possible.
    var supportsDerivation: Bool { isSymmetric || self == .ed25519 }

    /// The length of a freshly generated key, in bytes; nil for curves, whose keys come from their
    /// own generators, and for HMAC keys, whose size the caller chooses.
    var symmetricKeyLength: Int? {
        switch self {
        case .aes128GCM96: 16
        case .aes256GCM96, .chacha20Poly1305: 32
        default: nil
        }
    }

    /// The curve's name as key reads show it (`name` of each version).
    var curveName: String? {
        switch self {
        case .ed25519: "ed25519"
        case .ecdsaP256: "P-256"
        case .ecdsaP384: "P-384"
        case .ecdsaP521: "P-521"
        default: nil
        }
    }
}
