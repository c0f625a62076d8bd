import CofferCore
import CofferStorageTesting
import Testing

@Suite("InMemoryStorage")
struct InMemoryStorageTests {
    @Test("storage suite", arguments: StorageSuite.cases.map(\.name))
    func suite(_ name: String) async throws {
        let suiteCase = try #require(StorageSuite.cases.first { $0.name == name })
        try await suiteCase.run(InMemoryStorage())
    }

    /// Thousands of keys, far more than one chunk holds, written and removed in a scrambled order:
    /// every read, list and scan agrees with a plain dictionary.
    @Test func manyKeysAgreeWithAModel() async throws {
        let storage = InMemoryStorage()
        var model: [String: [UInt8]] = [:]
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let keys = (0..<3000).map { "f\($0 % 7)/sub\($0 % 3)/k\($0)" } + (0..<500).map { "top\($0)" }
        for step in 0..<12000 {
            let key = keys[next(keys.count)]
            if next(4) == 0 {
                try await storage.delete(key)
                model[key] = nil
            } else {
                let value = Array("v\(step)".utf8)
                try await storage.put(key, value)
                model[key] = value
            }
        }
        for key in keys {
            #expect(try await storage.get(key) == model[key], "\(key)")
        }
        let sorted = model.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let everything = try await storage.scan(from: "", to: "\u{7f}", limit: Int.max)
        #expect(everything.map(\.key) == sorted)
        #expect(everything.map(\.value) == sorted.map { model[$0]! })
        for probe in 0..<200 {
            let key = keys[next(keys.count)]
            let start = String(key.prefix(next(key.count + 1))) + (probe % 3 == 0 ? "\u{1}" : "")
            let found = try await storage.scan(from: start, to: "\u{7f}", limit: 3)
            let expected = sorted.filter { !$0.utf8.lexicographicallyPrecedes(start.utf8) }.prefix(3)
            #expect(found.map(\.key) == Array(expected), "\(start)")
        }
        let window = try await storage.scan(from: "f3/", to: "f5/", limit: 100)
        #expect(window.map(\.key) == Array(sorted.filter { $0 >= "f3/" && $0 < "f5/" }.prefix(100)))
        for prefix in ["", "f2/", "f2/sub1/", "top", "nothing/"] {
            var expected: [String] = []
            for key in sorted where key.hasPrefix(prefix) {
                let rest = key.dropFirst(prefix.count)
                let child = rest.firstIndex(of: "/").map { String(rest[...$0]) } ?? String(rest)
                if expected.last != child { expected.append(child) }
            }
            #expect(try await storage.list(prefix: prefix) == expected, "\(prefix)")
        }
    }

    /// Keys sharing a long prefix, added in descending order (each one the new first key) and
    /// removed from the last: chunks split, shrink from the end and vanish, and every lookup,
    /// scan and list still sees exactly the keys that remain.
    @Test func chunksSplitAndEmptyFromEitherEnd() async throws {
        let storage = InMemoryStorage()
        let prefix = "token/parent/" + String(repeating: "p", count: 43) + "/"
        let keys = (0..<2000).map { prefix + String(format: "%05d", $0) }
        for key in keys.reversed() {
            try await storage.put(key, Array(key.utf8.suffix(5)))
        }
        try await storage.put("zz-after", [1])
        #expect(try await storage.list(prefix: prefix) == keys.map { String($0.dropFirst(prefix.count)) })
        for (index, key) in keys.enumerated().reversed() where index >= 300 {
            try await storage.delete(key)
            if index % 250 == 0 {
                #expect(try await storage.get(keys[index - 1]) == Array(keys[index - 1].utf8.suffix(5)))
                #expect(try await storage.get(key) == nil)
            }
        }
        let remaining = try await storage.scan(from: "", to: "\u{7f}", limit: Int.max)
        #expect(remaining.count == 301)
        #expect(remaining.map(\.key) == Array(keys[..<300]) + ["zz-after"])
        try await storage.put(prefix + "99999", [2])
        #expect(try await storage.get(prefix + "99999") == [2])
        #expect(try await storage.list(prefix: "") == ["token/", "zz-after"])
    }
}
