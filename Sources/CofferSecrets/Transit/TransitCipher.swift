import CofferCore
import Crypto
import Foundation

/// Encrypts and decrypts with one version of a symmetric transit key.
///
/// A ciphertext is the 12-byte nonce, the encrypted bytes and the 16-byte tag. Derived keys are
/// HKDF-SHA256 of the version's key with the request's `context` as info; convergent keys take
/// their nonce from an HMAC-SHA256 of the plaintext under that derived key, so equal plaintexts
/// in one context encrypt equally.
struct TransitCipher: Sendable {
    let type: TransitKeyType
    let key: [UInt8]
    let convergent: Bool

    static let nonceLength = 12
    static let tagLength = 16

    /// The cipher for `version` of `ring`, derived with `context` when the ring is derived.
    init(_ ring: TransitKeyRing, _ version: TransitKeyVersion, context: [UInt8]?) throws(CoreError) {
        type = ring.type
        convergent = ring.convergent
        key = try Self.keyMaterial(ring, version.key, context: context)
    }

    /// The key to use: the stored one, or the one derived from `context` for a derived ring.
    static func keyMaterial(_ ring: TransitKeyRing, _ stored: [UInt8], context: [UInt8]?) throws(CoreError) -> [UInt8] {
        guard ring.derived else { return stored }
        guard let context, !context.isEmpty else {
            throw .badRequest(
                "missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key"
            )
        }
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: stored), info: context, outputByteCount: stored.count)
        return derived.withUnsafeBytes { [UInt8]($0) }
    }

    func encrypt(_ plaintext: [UInt8]) throws(CoreError) -> [UInt8] {
        let symmetricKey = SymmetricKey(data: key)
        let nonceBytes =
            convergent
            ? Array(HMAC<SHA256>.authenticationCode(for: plaintext, using: symmetricKey).prefix(Self.nonceLength))
            : SecureRandom.bytes(Self.nonceLength)
        do {
            if type == .chacha20Poly1305 {
                let nonce = try ChaChaPoly.Nonce(data: nonceBytes)
                return [UInt8](try ChaChaPoly.seal(plaintext, using: symmetricKey, nonce: nonce).combined)
            }
            let sealed = try AES.GCM.seal(plaintext, using: symmetricKey, nonce: AES.GCM.Nonce(data: nonceBytes))
            guard let combined = sealed.combined else { throw CoreError.internalError("transit encryption failed") }
            return [UInt8](combined)
        } catch {
            throw .internalError("transit encryption failed")
        }
    }

    func decrypt(_ ciphertext: [UInt8]) throws(CoreError) -> [UInt8] {
        guard ciphertext.count >= Self.nonceLength + Self.tagLength else {
            throw .badRequest("invalid ciphertext length")
        }
        let nonce = ciphertext[..<Self.nonceLength]
        let body = ciphertext[Self.nonceLength..<(ciphertext.count - Self.tagLength)]
        let tag = ciphertext[(ciphertext.count - Self.tagLength)...]
        let symmetricKey = SymmetricKey(data: key)
        do {
            if type == .chacha20Poly1305 {
                let box = try ChaChaPoly.SealedBox(nonce: ChaChaPoly.Nonce(data: nonce), ciphertext: body, tag: tag)
                return [UInt8](try ChaChaPoly.open(box, using: symmetricKey))
            }
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce), ciphertext: body, tag: tag)
            return [UInt8](try AES.GCM.open(box, using: symmetricKey))
        } catch {
            throw .badRequest("cipher: message authentication failed")
        }
    }
}
