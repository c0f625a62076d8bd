import CofferCore

/// One version of a transit key: its secret material and when it was made.
struct TransitKeyVersion: Sendable, Equatable {
    /// The AEAD key, the HMAC key of an `hmac` key ring, or a curve's private key (raw form).
    var key: [UInt8]
    /// The key the `hmac` endpoint uses for key rings of the other types.
    var hmacKey: [UInt8]
    var created: Timestamp

    /// A new version of `type`, with fresh randomness; `hmacKeySize` sets an `hmac` key's length.
    static func generate(_ type: TransitKeyType, hmacKeySize: Int, at now: Timestamp) -> TransitKeyVersion {
        let material: [UInt8]
        if let curve = TransitCurve(type) {
            material = curve.generatePrivateKey()
        } else if type == .hmac {
            material = SecureRandom.bytes(hmacKeySize)
        } else {
            material = SecureRandom.bytes(type.symmetricKeyLength ?? 32)
        }
        return TransitKeyVersion(key: material, hmacKey: SecureRandom.bytes(32), created: now)
    }
}
