import Crypto

/// An HMAC-SHA256 key for finding secrets by hash (the token store's salt, AppRole's role and
/// secret IDs), keyed once: the hash states after the padded key (RFC 2104's inner and outer
/// blocks) are kept, and each hash copies them instead of keying again. It calls SHA-256 on raw buffers; swift-crypto's `HMAC` reaches the same calls through
/// generic collection code that cost more than the hashing for a token-sized input.
///
/// `SHA256` holds a hash context that swift-crypto does not mark `Sendable`; this wrapper only
/// ever copies its states, never changes them, so sharing it between tasks is safe.
public struct SaltedHMAC: @unchecked Sendable {
    /// How a hash is written as a storage key. Stores made before `base64url` keep `hex`.
    public enum Encoding: String, Sendable {
        /// 64 lower-case hex digits.
        case hex
        /// 43 unpadded base64url characters: a third shorter in every key and index.
        case base64url
    }

    private let inner: SHA256
    private let outer: SHA256
    public let encoding: Encoding

    public init(key: SymmetricKey, encoding: Encoding) {
        let blockSize = 64
        var block = key.withUnsafeBytes { bytes in
            bytes.count > blockSize ? Array(SHA256.hash(data: bytes)) : Array(bytes)
        }
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
        self.encoding = encoding
    }

    /// The HMAC-SHA256 of `value`'s UTF-8 bytes, in this salt's encoding, after `prefix`.
    public func hash(_ value: String, prefix: String = "") -> String {
        var innerHash = inner
        var value = value
        value.withUTF8 { innerHash.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        var outerHash = outer
        innerHash.finalize().withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        let code = outerHash.finalize()
        switch encoding {
        case .hex: return code.withUnsafeBytes { Hex.encode($0, prefix: prefix) }
        case .base64url: return code.withUnsafeBytes { Base64URL.encode($0, after: prefix) }
        }
    }
}
