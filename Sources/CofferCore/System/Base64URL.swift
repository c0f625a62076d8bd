/// Unpadded base64url text of bytes (RFC 4648 §5), as batch tokens carry their sealed entry and
/// JWS-marshaled transit signatures are written.
public enum Base64URL {
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xff, count: 256)
        for (index, char) in Base64Text.urlAlphabet.enumerated() { values[Int(char)] = UInt8(index) }
        return values
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// `prefix` followed by the unpadded base64url of `bytes`, made as one string.
    public static func encode(_ bytes: UnsafeRawBufferPointer, after prefix: String = "") -> String {
        Base64Text.make(bytes, after: prefix, alphabet: Base64Text.urlAlphabet, padded: false)
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
