import CofferCore

extension StorageSuite {
    static let transactionCases: [StorageSuiteCase] = [
        StorageSuiteCase("transactionAppliesAll") { storage throws(StorageSuiteFailure) in
            try await storage.transaction([
                .put("token/id/1", [1]), .put("token/accessor/1", [2]), .put("token/parent/0/1", [3]),
            ])
            try expectValue(try await storage.get("token/id/1"), [1], "first put of the transaction")
            try expectValue(try await storage.get("token/accessor/1"), [2], "second put of the transaction")
            try expectValue(try await storage.get("token/parent/0/1"), [3], "third put of the transaction")
            try await storage.transaction([])
            try expectKeys(try await storage.list("token/"), ["accessor/", "id/", "parent/"], "an empty transaction")
        },

        StorageSuiteCase("transactionPutAndDelete") { storage throws(StorageSuiteFailure) in
            try await storage.put("lease/x", [1])
            try await storage.put("lease/y", [2])
            try await storage.transaction([
                .put("lease/z", [3]), .delete("lease/x"), .put("lease/y", [20]), .delete("lease/absent"),
            ])
            try expectValue(try await storage.get("lease/x"), nil, "deleted in the transaction")
            try expectValue(try await storage.get("lease/y"), [20], "overwritten in the transaction")
            try expectValue(try await storage.get("lease/z"), [3], "created in the transaction")
            try expectKeys(try await storage.list("lease/"), ["y", "z"], "keys after the transaction")
        },

        StorageSuiteCase("transactionOrder") { storage throws(StorageSuiteFailure) in
            try await storage.put("m", [0])
            try await storage.transaction([
                .put("k", [1]), .put("k", [2]),
                .put("j", [1]), .delete("j"),
                .delete("m"), .put("m", [3]),
            ])
            try expectValue(try await storage.get("k"), [2], "the later of two puts wins")
            try expectValue(try await storage.get("j"), nil, "a put then a delete leaves nothing")
            try expectValue(try await storage.get("m"), [3], "a delete then a put leaves the put")
        },

        StorageSuiteCase("transactionLarge") { storage throws(StorageSuiteFailure) in
            let keys = (0..<1200).map { "bulk/\(10_000 + $0)" }
            try await storage.transaction(keys.map { .put($0, Array("\($0)".utf8)) })
            try await storage.transaction(keys.filter { $0.hasSuffix("7") }.map { .delete($0) })
            let listed = try await storage.list("bulk/")
            try expect(listed.count == 1080, "1200 written, 120 deleted in one transaction, \(listed.count) listed")
            try expectValue(try await storage.get("bulk/11199"), Array("bulk/11199".utf8), "last key of the bulk put")
            try expectValue(try await storage.get("bulk/10007"), nil, "a key of the bulk delete")
        },
    ]
}
