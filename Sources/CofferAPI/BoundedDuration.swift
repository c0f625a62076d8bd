/// A span of whole seconds, never negative and never longer than `maximumSeconds`.
///
/// Every duration the server takes — from a request, a header, a config file, a policy or
/// storage — is read into this type, so adding one to any instant Coffer can represent cannot
/// overflow a 64-bit count of seconds, and multiplying one by 10⁹ cannot overflow nanoseconds.
public struct BoundedDuration: Sendable, Hashable, Comparable {
    /// 9 223 372 036 s, about 292 years: the longest whole-second span whose nanoseconds fit in
    /// an `Int64`. The reference server has the same limit (Go's `time.Duration`) and refuses
    /// longer durations with a 400, so Coffer accepts exactly what it accepts.
    public static let maximumSeconds: Int64 = Int64.max / 1_000_000_000

    public static let zero = BoundedDuration(clamping: 0)
    public static let maximum = BoundedDuration(clamping: maximumSeconds)

    public let seconds: Int64

    /// `seconds`, refused when negative or longer than the maximum.
    public init(seconds: Int64) throws(DurationError) {
        if seconds < 0 { throw DurationError(input: String(seconds), reason: .negative) }
        if seconds > Self.maximumSeconds { throw DurationError(input: String(seconds), reason: .tooLong) }
        self.seconds = seconds
    }

    /// `seconds` brought within bounds: for values read back from storage, which must never crash.
    public init(clamping seconds: Int64) {
        self.seconds = Swift.min(Swift.max(seconds, 0), Self.maximumSeconds)
    }

    /// A duration read back from a stored JSON record, as a request would carry it but clamped:
    /// the maximum when too long, zero when absent, negative or unreadable.
    public init(stored value: JSONValue?) {
        guard let value else {
            self = .zero
            return
        }
        do { try self.init(json: value) } catch { self = error.reason == .tooLong ? .maximum : .zero }
    }

    /// A duration as a request carries it: a JSON integer of seconds, or Vault's duration text.
    /// As in the reference, a number written with a fraction or an exponent (`60.0`, `1e3`) is not
    /// a duration; an integer too large for 64 bits is too long.
    public init(json value: JSONValue) throws(DurationError) {
        let input = { String(decoding: value.serialized(), as: UTF8.self) }
        switch value {
        case .string(let text): try self.init(parsing: text)
        case .int(let seconds): try self.init(seconds: seconds)
        case .double(let number) where number.magnitude >= 0x1p63:
            throw DurationError(input: input(), reason: number < 0 ? .negative : .tooLong)
        default: throw DurationError(input: input(), reason: .malformed)
        }
    }

    /// Vault's duration text: a bare integer is seconds (`"90"`); otherwise a sequence of
    /// number+unit (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`, `d`), fractions truncated toward zero.
    public init(parsing text: String) throws(DurationError) {
        let trimmed = text.trimmingWhitespace
        if trimmed.hasBytePrefix("-"), trimmed.count > 1 { throw DurationError(input: trimmed, reason: .negative) }
        if let plain = Int64(trimmed) {
            try self.init(seconds: plain)
            return
        }
        if trimmed.allSatisfy({ $0.isASCII && $0.isNumber }), !trimmed.isEmpty {
            throw DurationError(input: trimmed, reason: .tooLong)
        }
        guard let total = DurationText.unitSum(trimmed) else { throw DurationError(input: text, reason: .malformed) }
        guard total < Double(Self.maximumSeconds) + 1 else { throw DurationError(input: trimmed, reason: .tooLong) }
        self.init(clamping: Int64(total))
    }

    public static func < (lhs: BoundedDuration, rhs: BoundedDuration) -> Bool { lhs.seconds < rhs.seconds }
}

/// Why a duration was refused; the description is the reason a 400 gives after the field's name.
public struct DurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong with the input.
    public enum Reason: Sendable, Equatable {
        case malformed
        case negative
        case tooLong
    }

    public let input: String
    public let reason: Reason

    public init(input: String, reason: Reason) {
        self.input = input
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .malformed: return "invalid duration \"\(input)\""
        case .negative: return "cannot provide negative value '\(input)'"
        case .tooLong:
            let maximum = BoundedDuration.maximumSeconds
            return "duration \"\(input)\" is longer than the maximum of \(maximum) seconds (about 292 years)"
        }
    }
}
