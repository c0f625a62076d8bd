import CofferAPI
import Testing

@Suite("bounded duration")
struct BoundedDurationTests {
    @Test func maximumIsTheLongestSpanWhoseNanosecondsFitInInt64() {
        #expect(BoundedDuration.maximumSeconds == 9_223_372_036)
        #expect(!BoundedDuration.maximumSeconds.multipliedReportingOverflow(by: 1_000_000_000).overflow)
        #expect((BoundedDuration.maximumSeconds + 1).multipliedReportingOverflow(by: 1_000_000_000).overflow)
    }

    @Test(
        arguments: [
            ("9223372036", 9_223_372_036), ("2562047h", 9_223_369_200), ("+5", 5), ("0", 0),
        ] as [(String, Int64)])
    func acceptsUpToTheBound(_ text: String, _ seconds: Int64) throws {
        #expect(try BoundedDuration(parsing: text).seconds == seconds)
    }

    @Test(arguments: [
        ("9223372037", DurationError.Reason.tooLong), ("10000000000", .tooLong), ("9223372036854775807", .tooLong),
        ("99999999999999999999999", .tooLong), ("2562048h", .tooLong), ("99999999999999999h", .tooLong),
        ("-1", .negative), ("-1s", .negative), ("-9223372036854775808", .negative), ("1.5", .malformed),
        ("1e30", .malformed), ("nan", .malformed), ("inf", .malformed), ("", .malformed), ("-", .malformed),
    ])
    func refusesWithAReason(_ text: String, _ reason: DurationError.Reason) {
        #expect(throws: DurationError.self) { try BoundedDuration(parsing: text) }
        do {
            _ = try BoundedDuration(parsing: text)
        } catch {
            #expect(error.reason == reason)
        }
    }

    @Test(
        arguments: [
            (JSONValue.int(90), 90), (.string("1h"), 3600), (.string("10"), 10),
        ] as [(JSONValue, Int64)])
    func readsRequestValues(_ value: JSONValue, _ seconds: Int64) throws {
        #expect(try BoundedDuration(json: value).seconds == seconds)
    }

    @Test(arguments: [
        (JSONValue.int(.max), DurationError.Reason.tooLong), (.int(10_000_000_000), .tooLong),
        (.string("10000000000"), .tooLong), (.double(1e20), .tooLong), (.int(-1), .negative), (.int(.min), .negative),
        (.double(-1e20), .negative), (.double(1.5), .malformed), (.double(60), .malformed), (.bool(true), .malformed),
        (.array([]), .malformed), (.null, .malformed),
    ])
    func refusesOtherRequestValues(_ value: JSONValue, _ reason: DurationError.Reason) {
        #expect(throws: DurationError.self) { try BoundedDuration(json: value) }
        do { _ = try BoundedDuration(json: value) } catch { #expect(error.reason == reason) }
    }

    @Test func storedValuesAreClampedNeverRefused() {
        #expect(BoundedDuration(clamping: .max) == .maximum)
        #expect(BoundedDuration(clamping: .min) == .zero)
        #expect(BoundedDuration(stored: .int(.max)).seconds == BoundedDuration.maximumSeconds)
        #expect(BoundedDuration(stored: .int(-5)).seconds == 0)
        #expect(BoundedDuration(stored: .string("x")).seconds == 0)
        #expect(BoundedDuration(stored: nil).seconds == 0)
        #expect(BoundedDuration(stored: .int(3600)).seconds == 3600)
        #expect(BoundedDuration(stored: .string("10000000000")) == .maximum)
        #expect(BoundedDuration(stored: .string("1h")).seconds == 3600)
    }

    @Test func errorsNameTheInputAndTheBound() {
        #expect(
            DurationError(input: "10000000000", reason: .tooLong).description
                == "duration \"10000000000\" is longer than the maximum of 9223372036 seconds (about 292 years)")
        #expect(DurationError(input: "-1", reason: .negative).description == "cannot provide negative value '-1'")
        #expect(DurationError(input: "abc", reason: .malformed).description == "invalid duration \"abc\"")
    }
}

@Suite("saturating arithmetic")
struct SaturatingArithmeticTests {
    @Test func addsAndHoldsAtTheEnds() {
        #expect(Int64(1).saturatingAdding(2) == 3)
        #expect(Int64.max.saturatingAdding(1) == .max)
        #expect(Int64.min.saturatingAdding(-1) == .min)
        #expect(Int64(1_796_613_713).saturatingAdding(.max) == .max)
    }

    @Test func subtractsAndHoldsAtTheEnds() {
        #expect(Int64(5).saturatingSubtracting(7) == -2)
        #expect(Int64.max.saturatingSubtracting(-1) == .max)
        #expect(Int64.min.saturatingSubtracting(1) == .min)
        #expect(Int64(0).saturatingSubtracting(.min) == .max)
    }

    @Test func multipliesAndHoldsAtTheEnds() {
        #expect(Int64(3).saturatingMultiplying(4) == 12)
        #expect(Int64.max.saturatingMultiplying(2) == .max)
        #expect(Int64.min.saturatingMultiplying(2) == .min)
        #expect(Int64.min.saturatingMultiplying(-1) == .max)
        #expect(Int64(-3).saturatingMultiplying(.max) == .min)
    }
}
