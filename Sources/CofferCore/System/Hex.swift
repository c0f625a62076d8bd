/// Lower-case hexadecimal text of bytes, as Vault prints unseal keys and transit digests.
public enum Hex {
    /// The hex digits of `bytes` after `prefix`, made in one allocation.
    public static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes, prefix: String = "") -> String {
        String(unsafeUninitializedCapacity: prefix.utf8.count + bytes.count * 2) { text in
            var index = 0
            for byte in prefix.utf8 {
                text[index] = byte
                index += 1
            }
            for byte in bytes {
                text[index] = digits[Int(byte >> 4)]
                text[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// The bytes of `text`, or nil unless it is an even number of hex digits.
    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard !chars.isEmpty, chars.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = value(chars[index]), let low = value(chars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return char - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
