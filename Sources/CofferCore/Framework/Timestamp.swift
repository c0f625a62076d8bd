import CofferAPI
import Foundation

/// A wall-clock instant with nanosecond precision: nanoseconds since the Unix epoch, in UTC.
///
/// Stored as a plain integer; shown on the API in RFC 3339 with Go's `RFC3339Nano` fraction
/// (trailing zeros dropped), as the reference server prints KV version and transit key times.
public struct Timestamp: Sendable, Hashable, Comparable {
    public let nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The system's real-time clock.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec)).adding(nanoseconds: Int64(spec.tv_nsec))
    }

    /// The start of the second `seconds` after the epoch, held within the whole seconds of the
    /// representable range (years 1677 to 2262).
    public init(seconds: Int64) {
        let limit = Int64.max / Self.nanosecondsPerSecond
        nanoseconds = min(max(seconds, -limit), limit) * Self.nanosecondsPerSecond
    }

    /// This instant moved `seconds` later (earlier when negative); past year 2262 it stays at the
    /// last representable instant instead of overflowing.
    public func adding(seconds: Int64) -> Timestamp {
        adding(nanoseconds: seconds.saturatingMultiplying(Self.nanosecondsPerSecond))
    }

    private func adding(nanoseconds other: Int64) -> Timestamp {
        Timestamp(nanoseconds: nanoseconds.saturatingAdding(other))
    }

    private static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// `2026-11-22T03:40:12.123456789Z`, the fraction without trailing zeros (none when zero).
    public var rfc3339: String {
        let (seconds, nanos) = nanoseconds.floorDividing(by: 1_000_000_000)
        let (days, secondOfDay) = seconds.floorDividing(by: 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        var text = "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T"
        text +=
            "\(Self.pad(secondOfDay / 3600, 2)):\(Self.pad(secondOfDay % 3600 / 60, 2)):\(Self.pad(secondOfDay % 60, 2))"
        if nanos > 0 {
            var fraction = Self.pad(nanos, 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's civil-from-days).
    private static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Int64 {
    /// Quotient rounded toward negative infinity and the non-negative remainder.
    fileprivate func floorDividing(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
