import CofferAPI
import Foundation
import Testing

@Suite("reading JSON text into JSONValue")
struct JSONParsingTests {
    private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    @Test func scalarsAndContainers() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("\"s\"") == .string("s"))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([:]))
        #expect(try parse(#"{"a": [1, {"b": null}], "c": "d"}"#) == ["a": [1, ["b": nil]], "c": "d"])
        #expect(try parse("\t\r\n[ 1 ,2\n]") == [1, 2])
    }

    @Test func numbersKeepIntegersExact() throws {
        #expect(try parse("0") == .int(0))
        #expect(try parse("-12") == .int(-12))
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("-9223372036854775808") == .int(Int64.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse("1.0") == .double(1))
        #expect(try parse("-2e3") == .double(-2000))
        #expect(try parse("1E+2") == .double(100))
        for bad in ["01", "-", "1.", ".5", "1e", "+1", "1e999", "-1e999", "0x10", "NaN", "Infinity"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try parse(bad) }
        }
    }

    @Test func stringEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(try parse(#""\u00e9\u4e2d""#) == .string("é中"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\ud83d x""#) == .string("\u{FFFD} x"))
        #expect(try parse(#""\ude00\u0041""#) == .string("\u{FFFD}A"))
        #expect(try parse("\"héllo 中\"") == .string("héllo 中"))
        for bad in [#""\x""#, #""\u12""#, #""\u12g4""#, "\"a\nb\"", "\"open", #""\"#] {
            #expect(throws: JSONParseError.self, "\(bad)") { try parse(bad) }
        }
    }

    @Test func malformedTextIsRefusedWithAnOffset() throws {
        for bad in ["", " ", "{", "}", "[1,]", "{\"a\":}", "{\"a\" 1}", "{a:1}", "[1 2]", "nul", "truex", "1 2", "{,}"]
        {
            #expect(throws: JSONParseError.self, "\(bad)") { try parse(bad) }
        }
        #expect(throws: JSONParseError(reason: "unexpected text after the JSON value", offset: 3)) {
            try parse("{} x")
        }
    }

    @Test func nestingIsBounded() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try parse(deepest) != .null)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONParseError.self) { try parse(tooDeep) }
        #expect(throws: JSONParseError.self) { try parse(String(repeating: "{\"a\":", count: 5000)) }
    }

    @Test func repeatedKeysKeepTheLast() throws {
        #expect(try parse(#"{"a": 1, "a": 2}"#) == ["a": 2])
    }

    @Test func agreesWithFoundationOnValidDocuments() throws {
        let documents = [
            #"{"data": {"password": "hunter2", "n": 3, "f": 2.25, "list": [true, false, null], "nested": {"x": "y"}}}"#,
            #"{"options": {"cas": 0}, "data": {"k\u00e9y": "v\nal"}}"#,
            #"[-1, 0.5, 1e3, "", {}, []]"#,
        ]
        for document in documents {
            let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(document.utf8))
            #expect(try parse(document).serialized() == foundation.serialized())
        }
    }

    @Test func anyByteSequenceReads() throws {
        let text = #"{"k": ["v"]}"#
        #expect(try JSONValue(parsing: text.utf8) == ["k": ["v"]])
        #expect(try JSONValue(parsing: Data(text.utf8)) == ["k": ["v"]])
        #expect(try JSONValue(parsing: text.utf8.lazy.map { $0 }) == ["k": ["v"]])
    }
}
