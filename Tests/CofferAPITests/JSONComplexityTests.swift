import CofferAPI
import Testing

@Suite("JSON complexity limits, counted as the reference counts a request body")
struct JSONComplexityTests {
    /// What reading `text` under `limits` ends in: "ok", or the kind of error.
    private func outcome(_ text: String, _ limits: JSONComplexityLimits = .requestBody) -> String {
        do {
            _ = try JSONValue(parsing: Array(text.utf8), limits: limits)
            return "ok"
        } catch {
            return "\(error.kind)"
        }
    }

    /// `{"a": [<count> copies of element]}`.
    private func list(_ count: Int, of element: String) -> String {
        #"{"a": ["# + Array(repeating: element, count: count).joined(separator: ",") + "]}"
    }

    @Test func stringsCountKeysAndValuesUpToTheLimit() {
        #expect(outcome(list(999, of: #""s""#)) == "ok", "the key and 999 values")
        #expect(outcome(list(1000, of: #""s""#)) == "tooManyStrings")
        let keys = (0..<1001).map { #""k\#($0)": 1"# }
        #expect(outcome("{" + keys.dropLast().joined(separator: ",") + "}") == "ok")
        #expect(outcome("{" + keys.joined(separator: ",") + "}") == "tooManyStrings")
    }

    @Test func numbersCostMemoryButAreNoStrings() {
        #expect(outcome(list(10_001, of: "1")) == "ok")
        // An object (88), the key "a" (33), the array (40), then 24 per number.
        let memory = 88 + 33 + 40 + 24 * 5
        #expect(outcome(list(5, of: "1"), JSONComplexityLimits(maximumMemory: memory, maximumStrings: 10)) == "ok")
        #expect(
            outcome(list(5, of: "1"), JSONComplexityLimits(maximumMemory: memory - 1, maximumStrings: 10))
                == "tooMuchMemory")
    }

    @Test func eachKindHasItsCost() {
        let limits = JSONComplexityLimits(maximumMemory: 40 + 17 + 17 + 17 + 32 + 3 + 88, maximumStrings: 10)
        #expect(outcome(#"[true, false, null, "abc", {}]"#, limits) == "ok")
        #expect(outcome(#"[true, false, null, "abcd", {}]"#, limits) == "tooMuchMemory")
    }

    @Test func theReferenceMemoryLimitIsExact() {
        let limit = 32 * 1024 * 1024 + 512 * 1024
        let fitting = (limit - 88 - 33 - 40) / 24
        #expect(outcome(list(fitting, of: "1")) == "ok")
        #expect(outcome(list(fitting + 1, of: "1")) == "tooMuchMemory")
    }

    @Test func manyTinyArraysAreRefusedBeforeTheRestIsRead() throws {
        let text = Array(list(2_000_000, of: "[]").utf8)
        do {
            _ = try JSONValue(parsing: text, limits: .requestBody)
            Issue.record("a million arrays were accepted")
        } catch {
            #expect(error.kind == .tooMuchMemory)
            #expect(error.offset < text.count / 2, "refused where the limit is crossed")
        }
    }

    @Test func aLimitCrossedAfterASyntaxErrorIsTheSyntaxError() {
        #expect(outcome(#"{"a": [1,,"# + Array(repeating: #""s""#, count: 1001).joined(separator: ",") + "]}") == "syntax")
        #expect(outcome(#"{"a": ["# + Array(repeating: #""s""#, count: 1001).joined(separator: ",") + ",]}") == "tooManyStrings")
    }

    @Test func nestingPastTheBoundIsTooDeep() {
        let depth = JSONValue.maximumNesting
        #expect(outcome(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) == "ok")
        #expect(outcome(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)) == "tooDeep")
    }

    @Test func unlimitedReadingCountsNothing() {
        #expect(outcome(list(5000, of: #""s""#), .unlimited) == "ok")
    }
}
