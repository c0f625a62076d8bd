import CofferCore

extension StorageSuite {
    static let dataCases: [StorageSuiteCase] = [
        StorageSuiteCase("unicodeAndSpaceKeys") { storage throws(StorageSuiteFailure) in
            let names = [
                "with space", "naïve café", "日本語/キー", "emoji 🔑", "tab\there", "per%cent?q=1#f",
                "e\u{301}", "\u{E9}", "Ω", "z", "\u{10FFFD}",
            ]
            for (index, name) in names.enumerated() {
                try await storage.put("u/" + name, [UInt8(index)])
            }
            for (index, name) in names.enumerated() {
                let value = try await storage.get("u/" + name)
                try expectValue(value, [UInt8(index)], "value at u/\(name.debugDescription)")
            }
            let children = names.map { $0.contains("/") ? String($0.prefix { $0 != "/" }) + "/" : $0 }
            try expectKeys(
                try await storage.list("u/"), byteOrdered(children),
                "unicode children in byte order; canonically equivalent spellings are different keys")
            try expectKeys(try await storage.list("u/日本語/"), ["キー"], "list of a unicode folder")
            let scanned = try await storage.scan("u/", "u0", limit: 100).map(\.key)
            try expectKeys(scanned, byteOrdered(names.map { "u/" + $0 }), "scan of unicode keys in byte order")
            try await storage.delete("u/e\u{301}")
            try expectValue(try await storage.get("u/\u{E9}"), [7], "deleting one spelling keeps the other")
        },

        StorageSuiteCase("largeValue") { storage throws(StorageSuiteFailure) in
            let large = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
            try await storage.put("large", large)
            try expectValue(try await storage.get("large"), large, "a 1 MiB value")
            try expectValue(try await storage.scan("large", "large0", limit: 1).first?.value, large, "scan of 1 MiB")
            try await storage.put("large", [1])
            try expectValue(try await storage.get("large"), [1], "a 1 MiB value overwritten by a small one")
        },

        StorageSuiteCase("binaryValues") { storage throws(StorageSuiteFailure) in
            let bytes = (0...255).map { UInt8($0) }
            try await storage.put("binary/up", bytes)
            try await storage.put("binary/down", bytes.reversed())
            try await storage.put("binary/zeros", [0, 0, 0, 0])
            try expectValue(try await storage.get("binary/up"), bytes, "all 256 byte values ascending")
            try expectValue(try await storage.get("binary/down"), bytes.reversed(), "all 256 byte values descending")
            try expectValue(try await storage.get("binary/zeros"), [0, 0, 0, 0], "a value of NUL bytes")
            let scanned = try await storage.scan("binary/", "binary0", limit: 10)
            try expect(
                scanned.map(\.value) == [bytes.reversed(), bytes, [0, 0, 0, 0]], "scan returns binary values intact")
        },

        StorageSuiteCase("concurrentPuts") { storage throws(StorageSuiteFailure) in
            let count = 200
            let failures = await withTaskGroup(of: StorageError?.self) { group in
                for index in 0..<count {
                    group.addTask {
                        do throws(StorageError) {
                            let value = [UInt8(index % 256), UInt8(index / 256)]
                            try await storage.storage.put("concurrent/\(index)", value)
                            return nil
                        } catch {
                            return error
                        }
                    }
                }
                var failures: [StorageError] = []
                for await failure in group {
                    if let failure { failures.append(failure) }
                }
                return failures
            }
            try expect(
                failures.isEmpty,
                "\(failures.count) concurrent puts failed, first: \(failures.first.map(\.message) ?? "")")
            for index in 0..<count {
                let expected = [UInt8(index % 256), UInt8(index / 256)]
                try expectValue(try await storage.get("concurrent/\(index)"), expected, "concurrent put \(index)")
            }
            let listed = try await storage.list("concurrent/")
            try expect(listed.count == count, "\(listed.count) of \(count) concurrent puts listed")
        },
    ]
}
