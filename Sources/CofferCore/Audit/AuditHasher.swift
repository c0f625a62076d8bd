import CofferAPI
import Crypto

/// A device's HMAC: `hmac-sha256:` and the hex HMAC-SHA256 of a value under the device's salt (a
/// random UUID whose text is the key), as the reference writes it. `sys/audit-hash` answers the
/// same, so an operator can find a token or value in the log without the log holding it.
struct AuditHasher: Sendable {
    private let hmac: SaltedHMAC

    init(salt: String) {
        hmac = SaltedHMAC(key: SymmetricKey(data: Array(salt.utf8)), encoding: .hex)
    }

    func hash(_ value: String) -> String { hmac.hash(value, prefix: "hmac-sha256:") }

    /// What a string value in request or answer data is logged as: its HMAC, but a real RFC 3339
    /// timestamp, which the reference leaves in plain text.
    func hashUnlessTimestamp(_ value: String) -> String { Self.isTimestamp(value) ? value : hash(value) }

    /// True for a real RFC 3339 instant (`2024-01-01T00:00:00Z`, with an optional fraction and
    /// offset), which the reference leaves in plain text: the date must exist and the clock and
    /// offset be in range, so a secret merely shaped like a timestamp is still hashed.
    static func isTimestamp(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isTimestamp(bytes: $0) }
    }

    private static func isTimestamp(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int, _ char: Character) -> Bool { index < bytes.count && bytes[index] == char.asciiValue! }
        guard let year = number(0, 4), byte(4, "-"), let month = number(5, 2), byte(7, "-"), let day = number(8, 2),
            byte(10, "T"), let hour = number(11, 2), byte(13, ":"), let minute = number(14, 2), byte(16, ":"),
            let second = number(17, 2), (1...12).contains(month), day >= 1, day <= daysIn(month, of: year),
            hour < 24, minute < 60, second < 60
        else { return false }
        var index = 19
        if byte(index, ".") {
            index += 1
            let start = index
            while number(index, 1) != nil { index += 1 }
            if index == start { return false }
        }
        if byte(index, "Z") { return index + 1 == bytes.count }
        guard byte(index, "+") || byte(index, "-"), let offsetHours = number(index + 1, 2), byte(index + 3, ":"),
            let offsetMinutes = number(index + 4, 2)
        else { return false }
        return offsetHours < 24 && offsetMinutes < 60 && index + 6 == bytes.count
    }

    private static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
