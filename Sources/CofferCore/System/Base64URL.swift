/// Unpadded base64url text of bytes (RFC 4648 §5), as batch tokens carry their sealed entry and
/// JWS-marshaled transit signatures are written.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xff, count: 256)
        for (index, char) in alphabet.enumerated() { values[Int(char)] = UInt8(index) }
        return values
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: (bytes.count * 4 + 2) / 3) { text in
            var out = 0
            var index = 0
            while index < bytes.count {
                let remaining = bytes.count - index
                let group =
                    UInt32(bytes[index]) << 16 | (remaining > 1 ? UInt32(bytes[index + 1]) << 8 : 0)
                    | (remaining > 2 ? UInt32(bytes[index + 2]) : 0)
                let chars = min(remaining, 3) + 1
                for position in 0..<chars {
                    text[out] = alphabet[Int(group >> (18 - 6 * UInt32(position)) & 0x3f)]
                    out += 1
                }
                index += 3
            }
            return out
        }
    }

    /// The bytes of `text`, or nil unless it is unpadded base64url.
    public static func decode<Text: StringProtocol>(_ text: Text) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count * 3 / 4)
        var index = 0
        while index < chars.count {
            let count = min(4, chars.count - index)
            var group: UInt32 = 0
            for position in 0..<4 {
                var value: UInt8 = 0
                if position < count {
                    value = values[Int(chars[index + position])]
                    guard value != 0xff else { return nil }
                }
                group = group << 6 | UInt32(value)
            }
            for position in 0..<(count - 1) {
                bytes.append(UInt8(truncatingIfNeeded: group >> (16 - 8 * UInt32(position))))
            }
            index += 4
        }
        return bytes
    }
}
