/// Base64 text made as one string, after an optional prefix: the standard alphabet with padding
/// (transit's ciphertexts) or base64url without it (token hashes).
public enum Base64Text {
    public static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    public static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `prefix` followed by `bytes` in `alphabet`, padded with `=` to a multiple of four if `padded`.
    public static func make(
        _ bytes: UnsafeRawBufferPointer, after prefix: String = "", alphabet: [UInt8], padded: Bool
    ) -> String {
        let prefixBytes = prefix.utf8
        let length = padded ? (bytes.count + 2) / 3 * 4 : (bytes.count * 4 + 2) / 3
        return String(unsafeUninitializedCapacity: prefixBytes.count + length) { text in
            var out = 0
            for byte in prefixBytes {
                text[out] = byte
                out += 1
            }
            var index = 0
            while index < bytes.count {
                let remaining = bytes.count - index
                let group =
                    UInt32(bytes[index]) << 16 | (remaining > 1 ? UInt32(bytes[index + 1]) << 8 : 0)
                    | (remaining > 2 ? UInt32(bytes[index + 2]) : 0)
                for position in 0..<(padded ? 4 : min(remaining, 3) + 1) {
                    let sextet = Int(group >> (18 - 6 * UInt32(position)) & 0x3f)
                    text[out] = position <= remaining ? alphabet[sextet] : UInt8(ascii: "=")
                    out += 1
                }
                index += 3
            }
            return out
        }
    }
}
