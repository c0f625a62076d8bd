import CofferCore

extension StorageSuite {
    static let basicCases: [StorageSuiteCase] = [
        StorageSuiteCase("getMissingIsNil") { storage throws(StorageSuiteFailure) in
            try expectValue(try await storage.get("missing"), nil, "get of a key never written")
            try expectValue(try await storage.get("missing/nested/key"), nil, "get of a nested key never written")
        },

        StorageSuiteCase("putGetOverwrite") { storage throws(StorageSuiteFailure) in
            try await storage.put("a", [1, 2, 3])
            try expectValue(try await storage.get("a"), [1, 2, 3], "get after put")
            try await storage.put("a", [4])
            try expectValue(try await storage.get("a"), [4], "get after overwrite")
            try await storage.put("b/c", [5])
            try expectValue(try await storage.get("a"), [4], "get of a key after writing another")
            try expectValue(try await storage.get("b/c"), [5], "get of a nested key")
            try expectValue(try await storage.get("b"), nil, "get of a folder name")
            try await storage.put("empty", [])
            try expectValue(try await storage.get("empty"), [], "an empty value is stored, not absent")
        },

        StorageSuiteCase("delete") { storage throws(StorageSuiteFailure) in
            try await storage.put("a", [1])
            try await storage.put("f/b", [2])
            try await storage.put("f/c", [3])
            try await storage.delete("a")
            try expectValue(try await storage.get("a"), nil, "get after delete")
            try await storage.delete("a")
            try await storage.delete("never/written")
            try await storage.delete("f/")
            try expectValue(try await storage.get("f/b"), [2], "deleting a folder name leaves its keys")
            try await storage.delete("f/b")
            try expectKeys(try await storage.list("f/"), ["c"], "list after deleting one of two keys")
            try await storage.delete("f/c")
            try expectKeys(try await storage.list(""), [], "a folder whose keys are all deleted is gone")
            try await storage.put("a", [4])
            try expectValue(try await storage.get("a"), [4], "put after delete")
        },

        StorageSuiteCase("invalidArguments") { storage throws(StorageSuiteFailure) in
            try await storage.expectError(.invalidArgument, "put with an empty key") { s throws(StorageError) in
                try await s.put("", [1])
            }
            try await storage.expectError(.invalidArgument, "get with an empty key") { s throws(StorageError) in
                _ = try await s.get("")
            }
            try await storage.expectError(.invalidArgument, "delete with an empty key") { s throws(StorageError) in
                try await s.delete("")
            }
            try await storage.expectError(.invalidArgument, "put with a NUL in the key") { s throws(StorageError) in
                try await s.put("a\u{0}b", [1])
            }
            try await storage.expectError(.invalidArgument, "scan with a negative limit") { s throws(StorageError) in
                _ = try await s.scan(from: "", to: "z", limit: -1)
            }
            try await storage.expectError(.invalidArgument, "transaction with an empty key") { s throws(StorageError) in
                try await s.transaction([.put("valid", [1]), .delete("")])
            }
            try expectValue(try await storage.get("valid"), nil, "a rejected transaction applies nothing")
            try expectKeys(try await storage.list(""), [], "nothing stored after rejected calls")
        },
    ]
}
