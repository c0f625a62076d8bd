import Crypto

/// The token store's HMAC key, keyed once at unseal: each hash copies the keyed state instead of
/// deriving it from the key again.
///
/// `HMAC` holds hash contexts that swift-crypto does not mark `Sendable`; this wrapper only
/// ever copies its state, never changes it, so sharing it between tasks is safe.
struct TokenSalt: @unchecked Sendable {
    private let keyed: HMAC<SHA256>

    init(key: SymmetricKey) {
        keyed = HMAC(key: key)
    }

    /// The lower-case hex HMAC-SHA256 of `value`'s UTF-8 bytes.
    func hash(_ value: String) -> String {
        var mac = keyed
        var value = value
        value.withUTF8 { mac.update(data: $0) }
        return mac.finalize().withUnsafeBytes { Hex.encode($0) }
    }
}
