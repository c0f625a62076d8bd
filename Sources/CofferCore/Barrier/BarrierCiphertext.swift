import Crypto
import Foundation

/// The barrier's ciphertext layout: a version byte, the big-endian key term, a 12-byte random
/// nonce, then the AES-256-GCM ciphertext and tag. The associated data (the storage key) is
/// not stored; a value moved to another key fails authentication.
enum BarrierCiphertext {
    /// The only layout version written and read.
    static let version: UInt8 = 1

    private static let headerSize = 5
    private static let nonceSize = 12
    private static let minimumSize = headerSize + nonceSize + 16

    /// `plaintext` encrypted under `key`, labelled with `term`, bound to `associatedData`.
    static func seal(
        _ plaintext: [UInt8], key: SymmetricKey, term: UInt32, associatedData: [UInt8]
    ) throws(StorageError) -> [UInt8] {
        guard let nonce = try? AES.GCM.Nonce(data: SecureRandom.bytes(nonceSize)),
            let box = try? AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: associatedData),
            let combined = box.combined
        else { throw StorageError(.unavailable, "encryption failed") }
        var result = [version]
        result.reserveCapacity(headerSize + combined.count)
        withUnsafeBytes(of: term.bigEndian) { result.append(contentsOf: $0) }
        result.append(contentsOf: combined)
        return result
    }

    /// The key term a ciphertext names, or nil when the bytes are not in this layout.
    static func term(of ciphertext: [UInt8]) -> UInt32? {
        guard ciphertext.count >= minimumSize, ciphertext[0] == version else { return nil }
        return ciphertext[1..<headerSize].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The plaintext, or nil when any byte was altered or the key or associated data differ.
    static func open(_ ciphertext: [UInt8], key: SymmetricKey, associatedData: [UInt8]) -> [UInt8]? {
        guard term(of: ciphertext) != nil,
            let box = try? AES.GCM.SealedBox(combined: ciphertext[headerSize...]),
            let plaintext = try? AES.GCM.open(box, using: key, authenticating: associatedData)
        else { return nil }
        return Array(plaintext)
    }
}
