/// Parses and prints durations the way Vault does: `"90"`, `"90s"`, `"1h30m"`, `"768h"`.
public enum DurationText {
    /// Why a duration string was refused.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let input: String
        public var description: String { "invalid duration \"\(input)\"" }
    }

    /// Seconds in `text`: a bare integer is seconds; otherwise a sequence of number+unit
    /// (`ns`, `us`, `ms`, `s`, `m`, `h`, `d`), fractions truncated toward zero.
    public static func seconds(_ text: String) throws(ParseError) -> Int64 {
        let trimmed = text.trimmingWhitespace
        if trimmed.isEmpty { throw ParseError(input: text) }
        if let plain = Int64(trimmed) {
            if plain < 0 { throw ParseError(input: text) }
            return plain
        }
        var total = 0.0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { throw ParseError(input: text) }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            rest = rest.dropFirst(unit.count)
            guard let factor = unitSeconds[String(unit)] else { throw ParseError(input: text) }
            total += value * factor
        }
        guard total < 9.2e15 else { throw ParseError(input: text) }
        return Int64(total)
    }

    /// Go's `time.Duration` text for whole seconds, as Vault prints TTLs: `768h0m0s`, `1m30s`, `0s`.
    public static func format(seconds: Int64) -> String {
        if seconds == 0 { return "0s" }
        let hours = seconds / 3600
        let minutes = (seconds % 3600) / 60
        let secs = seconds % 60
        if hours > 0 { return "\(hours)h\(minutes)m\(secs)s" }
        if minutes > 0 { return "\(minutes)m\(secs)s" }
        return "\(secs)s"
    }

    private static let unitSeconds: [String: Double] = [
        "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400,
    ]
}
