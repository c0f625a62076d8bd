import CofferCore

extension StorageSuite {
    static let listingCases: [StorageSuiteCase] = [
        StorageSuiteCase("listImmediateChildren") { storage throws(StorageSuiteFailure) in
            for key in ["a", "b/c", "b/d/e", "b/d/f", "x/y/z/w"] {
                try await storage.put(key, [1])
            }
            try expectKeys(try await storage.list(""), ["a", "b/", "x/"], "empty prefix lists the top level")
            try expectKeys(try await storage.list("b/"), ["c", "d/"], "list of b/")
            try expectKeys(try await storage.list("b/d/"), ["e", "f"], "list of b/d/")
            try expectKeys(try await storage.list("x/"), ["y/"], "list of x/")
            try expectKeys(try await storage.list("x/y/z/"), ["w"], "list of a deep folder")
            try expectKeys(try await storage.list("nothing/"), [], "list of an absent folder")
            try expectKeys(try await storage.list("a/"), [], "list below a leaf")
        },

        StorageSuiteCase("listDeduplicatedAndSorted") { storage throws(StorageSuiteFailure) in
            for key in ["z/1", "m/2", "m0", "m/1", "a/x/y", "m", "m/3/4", "m-1", "a/x/z", "a/w"] {
                try await storage.put(key, [1])
            }
            try expectKeys(
                try await storage.list(""), ["a/", "m", "m-1", "m/", "m0", "z/"],
                "folders appear once, between leaves, in byte order")
            try expectKeys(try await storage.list("m/"), ["1", "2", "3/"], "list of m/")
            try expectKeys(try await storage.list("a/"), ["w", "x/"], "list of a/")
        },

        StorageSuiteCase("listLargeFolders") { storage throws(StorageSuiteFailure) in
            let leaves = (0..<300).map { "big/leaf-\(1000 + $0)" }
            let folders = (0..<300).map { "big/folder-\(1000 + $0)/child" }
            try await storage.transaction((leaves + folders).map { .put($0, [1]) })
            try await storage.transaction(["bi", "big0", "big/folder-1000/deeper/key"].map { .put($0, [2]) })
            try expectKeys(try await storage.list(""), ["bi", "big/", "big0"], "top level beside a large folder")
            let expected = (0..<300).map { "folder-\(1000 + $0)/" } + (0..<300).map { "leaf-\(1000 + $0)" }
            try expectKeys(try await storage.list("big/"), expected, "list of a folder with 600 children")
        },

        StorageSuiteCase("listPrefixWithoutSlash") { storage throws(StorageSuiteFailure) in
            for key in ["fo", "foo/bar", "food", "fop/x/y", "g"] {
                try await storage.put(key, [1])
            }
            try expectKeys(
                try await storage.list("fo"), ["o/", "od", "p/"],
                "a prefix matches bytes; a key equal to the prefix is not its own child")
            try expectKeys(try await storage.list("foo/"), ["bar"], "the same folder with its slash")
            try expectKeys(try await storage.list("foo"), ["/", "d"], "a bare folder name lists its slash once")
        },

        StorageSuiteCase("listPastAFullPageInAFolderWhoseNameJoinsItsSlash") { storage throws(StorageSuiteFailure) in
            let folder = "u/x\u{0600}/"
            try await storage.transaction((0..<1100).map { .put(folder + "d/k\(1000 + $0)", [1]) })
            try await storage.put("u/z", [1])
            try expectKeys(try await storage.list("u/"), ["x\u{0600}/", "z"], "the folder is listed once, then the leaf")
            try expectKeys(try await storage.list(folder), ["d/"], "the folder's own listing")
            try expect(try await storage.list(folder + "d/").count == 1100, "every key of the deep folder")
        },

        StorageSuiteCase("listFolderWhoseChildStartsWithACombiningMark") { storage throws(StorageSuiteFailure) in
            for key in ["dup/a/!", "dup/a/\u{0301}b/x", "dup/a/\u{07FF}", "dup/z/\u{200D}"] {
                try await storage.put(key, [1])
            }
            try expectKeys(try await storage.list("dup/"), ["a/", "z/"], "a mark after the slash stays in the child")
            try expectKeys(try await storage.list("dup/a/"), ["!", "\u{0301}b/", "\u{07FF}"], "the folder's own listing")
        },

        StorageSuiteCase("hasKeysUnderEachPrefix") { storage throws(StorageSuiteFailure) in
            for key in ["fo", "foo/bar", "g/h/i", "\u{10FFFF}x"] {
                try await storage.put(key, [1])
            }
            let found = try await storage.hasKeys(["foo/", "fo", "f", "g/", "g/h/i", "h/", "", "\u{10FFFF}", "foo/bar/"])
            try expect(
                found == [true, true, true, true, false, false, true, true, false],
                "a prefix has keys when some longer key starts with it: \(found)")
            try await storage.delete("foo/bar")
            try expect(try await storage.hasKeys(["foo/", "fo"]) == [false, false], "a deleted key is gone")
            try expect(try await storage.hasKeys([]) == [], "no prefixes, no answers")
        },

        StorageSuiteCase("scanRangeAndLimit") { storage throws(StorageSuiteFailure) in
            for digit in 1...9 {
                try await storage.put("k/\(digit)", [UInt8(digit)])
            }
            try await storage.put("k/5/nested", [50])
            try await storage.put("j", [0])
            try await storage.put("l", [10])
            let range = try await storage.scan("k/3", "k/7", limit: 100)
            try expectKeys(
                range.map(\.key), ["k/3", "k/4", "k/5", "k/5/nested", "k/6"], "scan is flat, start in, end out")
            try expect(
                range.map(\.value) == [[3], [4], [5], [50], [6]], "scan returns the values: \(range.map(\.value))")
            try expectKeys(try await storage.scan("k/3", "k/7", limit: 2).map(\.key), ["k/3", "k/4"], "scan limit")
            try expectKeys(try await storage.scan("k/3", "k/7", limit: 0).map(\.key), [], "scan limit 0")
            try expectKeys(try await storage.scan("k/35", "k/5", limit: 10).map(\.key), ["k/4"], "bounds between keys")
            try expectKeys(try await storage.scan("k/7", "k/3", limit: 10).map(\.key), [], "an empty range")
            try expectKeys(try await storage.scan("k/3", "k/3", limit: 10).map(\.key), [], "start equal to end")
            let all = try await storage.scan("", "\u{10FFFF}", limit: 1000).map(\.key)
            let expected = ["j"] + (1...9).map { "k/\($0)" } + ["l"]
            try expectKeys(all, byteOrdered(expected + ["k/5/nested"]), "a scan over everything is in key order")
        },
    ]
}
