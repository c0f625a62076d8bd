import Crypto

/// Encrypts the root key under the combined unseal key (AES-256-GCM), so only a quorum of
/// shares can open the barrier. A wrong unseal key fails authentication; it never decrypts.
enum RootKeyWrap {
    static let storageKey = "seal/root-key"
    private static let associatedData = Array(storageKey.utf8)

    static func seal(rootKey: [UInt8], unsealKey: [UInt8]) throws -> [UInt8] {
        let box = try AES.GCM.seal(rootKey, using: SymmetricKey(data: unsealKey), authenticating: associatedData)
        guard let combined = box.combined else { throw SealError(.wrongKey, "could not encrypt the root key") }
        return Array(combined)
    }

    static func open(_ sealed: [UInt8], unsealKey: [UInt8]) -> [UInt8]? {
        guard unsealKey.count == 32,
            let box = try? AES.GCM.SealedBox(combined: sealed),
            let key = try? AES.GCM.open(box, using: SymmetricKey(data: unsealKey), authenticating: associatedData)
        else { return nil }
        return Array(key)
    }
}
