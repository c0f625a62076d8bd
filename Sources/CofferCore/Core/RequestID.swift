/// Request IDs: random version 4 UUIDs in lower case, as Vault's are. Made from `SecureRandom`;
/// Foundation's `UUID()` opens /dev/urandom on every call on Linux.
enum RequestID {
    static func make() -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            SecureRandom.fill(raw)
            raw[6] = raw[6] & 0x0f | 0x40
            raw[8] = raw[8] & 0x3f | 0x80
            return String(unsafeUninitializedCapacity: 36) { text in
                var index = 0
                for (position, byte) in raw.enumerated() {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        text[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    text[index] = digits[Int(byte >> 4)]
                    text[index + 1] = digits[Int(byte & 0x0f)]
                    index += 2
                }
                return index
            }
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
