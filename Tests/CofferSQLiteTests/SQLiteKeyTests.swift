@testable import CofferSQLite
import Testing

@Suite("SQLiteKey")
struct SQLiteKeyTests {
    @Test func upperBoundOfPrefix() {
        #expect(SQLiteKey.upperBound(ofPrefix: "") == nil)
        #expect(SQLiteKey.upperBound(ofPrefix: "a/") == "a0")
        #expect(SQLiteKey.upperBound(ofPrefix: "a\u{D7FF}") == "a\u{E000}")
        #expect(SQLiteKey.upperBound(ofPrefix: "a\u{10FFFF}") == "b")
        #expect(SQLiteKey.upperBound(ofPrefix: "\u{10FFFF}\u{10FFFF}") == nil)
    }

    @Test func childOfKey() {
        #expect(SQLiteKey.child(of: "a/b/c", under: "a/") == "b/")
        #expect(SQLiteKey.child(of: "a/b", under: "a/") == "b")
        #expect(SQLiteKey.child(of: "a/", under: "a/") == nil)
        #expect(SQLiteKey.child(of: "b/c", under: "a/") == nil)
        let child = SQLiteKey.child(of: "e\u{301}/x", under: "e")
        #expect(child.map { Array($0.unicodeScalars) } == ["\u{301}", "/"], "a prefix is matched by bytes")
    }

    @Test func listingResumesPastFolders() {
        #expect(SQLiteKey.resumeListing(after: "a/b/c", under: "a/") == "a/b0")
        #expect(SQLiteKey.resumeListing(after: "a/b", under: "a/") == "a/b\u{0}")
        #expect(
            SQLiteKey.resumeListing(after: "a/x\u{0600}/k", under: "a/") == "a/x\u{0600}0",
            "U+0600 and the slash are one character; only the slash's byte is replaced")
        #expect(SQLiteKey.child(of: "p/a/\u{0301}b", under: "p/") == "a/", "a mark after the slash is not the folder's")
    }
}
