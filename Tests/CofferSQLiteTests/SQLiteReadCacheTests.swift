import CofferCore
@testable import CofferSQLite
import Testing

/// The read cache in front of the database: reads always see the last acknowledged write, a
/// failed transaction leaves nothing behind, and values beyond the cache's bound still read back.
extension SQLiteStorageTests {
    @Test func readsRacingWritesSeeEveryAcknowledgedWrite() async throws {
        defer { removeDirectory() }
        try await withStorage { storage in
            for round in 0..<40 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await storage.put("race/key", [UInt8(round)]) }
                    for _ in 0..<4 {
                        group.addTask { _ = try await storage.get("race/key") }
                    }
                    try await group.waitForAll()
                }
                #expect(try await storage.get("race/key") == [UInt8(round)], "round \(round)")
            }
            try await storage.delete("race/key")
            #expect(try await storage.get("race/key") == nil)
        }
    }

    @Test func aFailedTransactionLeavesNoCachedValue() async throws {
        defer { removeDirectory() }
        try await withStorage { storage in
            try await poisonWrites(storage)
            #expect(try await storage.get("cached/one") == nil)
            await #expect(throws: StorageError.self) {
                try await storage.transaction([.put("cached/one", [1]), .put("cached/poison", [2])])
            }
            #expect(try await storage.get("cached/one") == nil)
            #expect(try await storage.get("cached/poison") == nil)
        }
    }

    @Test func valuesBeyondTheCacheBoundStillReadBack() async throws {
        defer { removeDirectory() }
        let valueSize = 64 * 1024
        let count = SQLiteStorage.cacheCapacity / valueSize * 2
        try await withStorage { storage in
            for batch in stride(from: 0, to: count, by: 32) {
                let operations = (batch..<min(batch + 32, count)).map { index in
                    StorageOperation.put("big/\(index)", [UInt8](repeating: UInt8(index % 251), count: valueSize))
                }
                try await storage.transaction(operations)
            }
            for index in 0..<count {
                let value = try await storage.get("big/\(index)")
                #expect(value?.count == valueSize && value?.first == UInt8(index % 251), "big/\(index)")
            }
        }
        let reopened = try await withStorage { storage in try await storage.get("big/\(count - 1)") }
        #expect(reopened?.count == valueSize)
    }
}
