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

    func hash(_ value: String) -> String { "hmac-sha256:" + hmac.hash(value) }

    /// Every string in `value` hashed, at any depth, but RFC 3339 timestamps; keys, numbers,
    /// booleans and nulls kept.
    func hashStrings(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return Self.isTimestamp(text) ? value : .string(hash(text))
        case .array(let items): return .array(items.map(hashStrings))
        case .object(let members): return .object(members.mapValues(hashStrings))
        default: return value
        }
    }

    /// True for RFC 3339 text (`2024-01-01T00:00:00Z`, with an optional fraction and offset), which
    /// the reference leaves in plain text.
    static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= bytes.count && bytes[range].allSatisfy { $0 >= 48 && $0 <= 57 }
        }
        func byte(_ index: Int, _ char: Character) -> Bool { index < bytes.count && bytes[index] == char.asciiValue! }
        guard digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10), byte(10, "T"),
            digits(11..<13), byte(13, ":"), digits(14..<16), byte(16, ":"), digits(17..<19)
        else { return false }
        var index = 19
        if byte(index, ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            if index == start { return false }
        }
        if byte(index, "Z") { return index + 1 == bytes.count }
        guard byte(index, "+") || byte(index, "-") else { return false }
        return digits((index + 1)..<(index + 3)) && byte(index + 3, ":") && digits((index + 4)..<(index + 6))
            && index + 6 == bytes.count
    }
}
