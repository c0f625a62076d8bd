import CofferAPI
import Testing

@Suite("JSON serialization")
struct JSONSerializationTests {
    private func text(_ value: JSONValue) -> String { String(decoding: value.serialized(), as: UTF8.self) }

    @Test func escapesWhatJSONRequiresAndCopiesTheRest() {
        #expect(text(.string("plain é中🔑")) == "\"plain é中🔑\"")
        #expect(text(.string("q\"b\\n\nr\rt\t\u{01}\u{1f}end")) == #""q\"b\\n\nr\rt\t\u0001\u001fend""#)
        #expect(text(.string("\"")) == #""\"""#)
        #expect(text(.string("")) == #""""#)
    }

    @Test func objectsPrintTheirKeysSorted() {
        let value: JSONValue = ["b": 1, "a": ["z": true, "y": .null], "c": ["x", .double(2.5)]]
        #expect(text(value) == #"{"a":{"y":null,"z":true},"b":1,"c":["x",2.5]}"#)
    }

    @Test func everyControlCharacterSurvivesARoundTrip() throws {
        let all = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)
        let value: JSONValue = [all: .string(all)]
        #expect(try JSONValue(parsing: value.serialized()) == value)
    }
}
