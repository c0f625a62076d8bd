import CofferAPI
import CofferCore
import Testing

@Suite("timestamp arithmetic")
struct TimestampTests {
    private let now = Timestamp(seconds: 1_796_613_713)

    @Test func addsSecondsExactlyWithinRange() {
        #expect(now.adding(seconds: 60).nanoseconds == now.nanoseconds + 60_000_000_000)
        #expect(now.adding(seconds: BoundedDuration.maximumSeconds).nanoseconds > now.nanoseconds)
    }

    @Test func saturatesInsteadOfTrapping() {
        let last = Timestamp(nanoseconds: .max)
        #expect(now.adding(seconds: .max) == last)
        #expect(now.adding(seconds: 10_000_000_000) == last)
        #expect(now.adding(seconds: BoundedDuration.maximumSeconds) == last)
        #expect(last.adding(seconds: 1) == last)
        #expect(Timestamp(nanoseconds: .min).adding(seconds: -1) == Timestamp(nanoseconds: .min))
        #expect(now.adding(seconds: .min).nanoseconds == now.nanoseconds &+ .min)
        #expect(Timestamp(seconds: .max).rfc3339 == "2262-04-11T23:47:16Z")
        #expect(Timestamp(seconds: .min).rfc3339 == "1677-09-21T00:12:44Z")
    }

    @Test func printsEveryRepresentableInstant() {
        #expect(Timestamp(nanoseconds: .max).rfc3339 == "2262-04-11T23:47:16.854775807Z")
        #expect(Timestamp(nanoseconds: .min).rfc3339 == "1677-09-21T00:12:43.145224192Z")
        #expect(now.rfc3339 == "2026-12-07T03:21:53Z")
    }
}
