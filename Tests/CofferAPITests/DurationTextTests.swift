import CofferAPI
import Testing

@Suite("duration text")
struct DurationTextTests {
    @Test(
        arguments: [
            ("90", 90), ("0", 0), ("+5", 5), ("90s", 90), ("1h", 3600), ("1h30m", 5400), ("768h", 2_764_800),
            ("1.5h", 5400), ("1d", 86400), ("2m3s", 123), ("1500ms", 1), ("999ms", 0), ("5000000us", 5),
            ("5000000µs", 5), ("3000000000ns", 3), ("1h1h", 7200),
        ] as [(String, Int64)])
    func readsVaultDurations(_ text: String, _ seconds: Int64) throws {
        #expect(try BoundedDuration(parsing: text).seconds == seconds)
    }

    @Test(arguments: [
        "", "h", "-1h", "1x", "1hé", "1 h", "1h 30m", ".h", "1e5h", "1H", "1μs", "1\u{00A0}h", "١h", "abc",
        "99999999999999999h",
    ])
    func refusesAnythingElse(_ text: String) {
        #expect(throws: DurationError.self) { try BoundedDuration(parsing: text) }
    }

    @Test func printsAsGoDoes() {
        #expect(DurationText.format(seconds: 0) == "0s")
        #expect(DurationText.format(seconds: 90) == "1m30s")
        #expect(DurationText.format(seconds: 2_764_800) == "768h0m0s")
    }
}
