import CofferAPI
import Testing

@Suite("JSON object writer")
struct JSONObjectWriterTests {
    @Test func fieldsComeInTheOrderWrittenAndNestedObjectsClose() {
        var writer = JSONObjectWriter()
        writer.string("z", "last\"first\n")
        writer.int("n", -9_223_372_036_854_775_808)
        writer.bool("ok", false)
        writer.object("inner") { inner in
            inner.strings("list", ["a", "b\\"])
            inner.object("empty") { _ in }
        }
        writer.value("value", ["b": 1, "a": .null])
        writer.json("raw", Array(#"{"k":[1]}"#.utf8))
        let text = String(decoding: writer.finished(), as: UTF8.self)
        #expect(
            text == #"{"z":"last\"first\n","n":-9223372036854775808,"ok":false,"inner":{"list":["a","b\\"],"empty":{}},"#
                + #""value":{"a":null,"b":1},"raw":{"k":[1]}}"#)
    }

    @Test func anEmptyObjectIsBraces() {
        #expect(JSONObjectWriter().finished() == Array("{}".utf8))
    }

    @Test func whatItWritesParsesBack() throws {
        let all = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)
        var writer = JSONObjectWriter()
        writer.string(all, all)
        writer.object("o") { $0.strings(all, [all]) }
        let parsed = try JSONValue(parsing: writer.finished())
        #expect(parsed == [all: .string(all), "o": [all: [.string(all)]]])
    }
}
