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
    /// Years outside 0000–9999 (the clamped range reaches 1677 and 2262 only) never occur.
    public var rfc3339: String {
        let (seconds, nanos) = nanoseconds.floorDividing(by: 1_000_000_000)
        let (days, secondOfDay) = seconds.floorDividing(by: 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        var fraction = nanos
        var fractionDigits = fraction > 0 ? 9 : 0
        while fractionDigits > 0, fraction % 10 == 0 {
            fraction /= 10
            fractionDigits -= 1
        }
        let length = 20 + (fractionDigits > 0 ? fractionDigits + 1 : 0)
        return String(unsafeUninitializedCapacity: length) { text in
            func put(_ value: Int64, width: Int, at start: Int) {
                var rest = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, width: 4, at: 0)
            put(month, width: 2, at: 5)
            put(day, width: 2, at: 8)
            put(secondOfDay / 3600, width: 2, at: 11)
            put(secondOfDay % 3600 / 60, width: 2, at: 14)
            put(secondOfDay % 60, width: 2, at: 17)
            (text[4], text[7], text[10]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"))
            (text[13], text[16]) = (UInt8(ascii: ":"), UInt8(ascii: ":"))
            if fractionDigits > 0 {
                text[19] = UInt8(ascii: ".")
                put(fraction, width: fractionDigits, at: 20)
            }
            text[length - 1] = UInt8(ascii: "Z")
            return length
        }
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
}

extension Int64 {
    /// Quotient rounded toward negative infinity and the non-negative remainder.
    fileprivate func floorDividing(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
