import CofferCore
@testable import CofferSQLite
import CofferStorageTesting
import Foundation
import Logging
import Testing

@Suite("SQLiteStorage")
struct SQLiteStorageTests {
    /// A database path under a fresh directory whose parent does not exist yet.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-sqlite-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("nested/coffer.db").path }
    let logger = Logger(label: "coffer.sqlite.tests") { _ in SwiftLogNoOpLogHandler() }

    /// Opens the database, runs `body`, and closes it whether or not `body` throws.
    func withStorage<T>(_ body: (SQLiteStorage) async throws -> T) async throws -> T {
        let storage = try await SQLiteStorage.open(path: path, logger: logger)
        do {
            let result = try await body(storage)
            await storage.close()
            return result
        } catch {
            await storage.close()
            throw error
        }
    }

    /// Makes every write of a key ending in `poison` fail inside SQLite.
    func poisonWrites(_ storage: SQLiteStorage) async throws {
        try await storage.writer.perform { connection throws(StorageError) in
            try connection.execute(
                "poison",
                """
                CREATE TRIGGER reject_poison BEFORE INSERT ON entries WHEN NEW.key LIKE '%poison'
                BEGIN SELECT RAISE(ABORT, 'poisoned key'); END
                """)
        }
    }

    func removeDirectory() {
        try? FileManager.default.removeItem(at: directory)
    }

    @Test("storage suite", arguments: StorageSuite.cases.map(\.name))
    func suite(_ name: String) async throws {
        defer { removeDirectory() }
        let suiteCase = try #require(StorageSuite.cases.first { $0.name == name })
        try await withStorage { storage in try await suiteCase.run(storage) }
    }

    @Test func dataSurvivesCloseAndReopen() async throws {
        defer { removeDirectory() }
        try await withStorage { storage in
            try await storage.put("sys/token/id/abc", [1, 2, 3])
            try await storage.put("kv/data/app", Array(repeating: 7, count: 4096))
            try await storage.put("gone", [9])
            try await storage.delete("gone")
        }
        try await withStorage { storage throws in
            #expect(try await storage.get("sys/token/id/abc") == [1, 2, 3])
            #expect(try await storage.get("kv/data/app") == Array(repeating: 7, count: 4096))
            #expect(try await storage.get("gone") == nil)
            #expect(try await storage.list(prefix: "") == ["kv/", "sys/"])
        }
    }

    @Test func transactionIsAtomicAcrossReopen() async throws {
        defer { removeDirectory() }
        try await withStorage { storage in
            try await storage.put("lease/old", [0])
            try await storage.transaction((0..<50).map { .put("lease/\($0)", [UInt8($0)]) } + [.delete("lease/old")])
            try await poisonWrites(storage)
            let failure = await #expect(throws: StorageError.self) {
                try await storage.transaction([.put("token/1", [1]), .delete("lease/0"), .put("token/poison", [2])])
            }
            #expect(failure?.code == .unavailable)
        }
        try await withStorage { storage in
            let leases = try await storage.list(prefix: "lease/")
            #expect(leases.count == 50)
            #expect(!leases.contains("old"))
            #expect(try await storage.get("lease/0") == [0], "the failed transaction's delete was rolled back")
            #expect(try await storage.list(prefix: "token/") == [], "the failed transaction's puts were rolled back")
        }
    }

    @Test func concurrentWritersShareCommits() async throws {
        defer { removeDirectory() }
        let commits = try await withStorage { storage in
            let before = await storage.commitCount
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask { try await storage.put("group/\(index)", [UInt8(index)]) }
                }
                try await group.waitForAll()
            }
            #expect(try await storage.list(prefix: "group/").count == 100)
            return await storage.commitCount - before
        }
        #expect(commits >= 1)
        #expect(commits <= 20, "100 concurrent puts took \(commits) commits")
    }

    @Test func failingWriterDoesNotFailItsGroup() async throws {
        defer { removeDirectory() }
        try await withStorage { storage in
            try await poisonWrites(storage)
            let keys = (0..<60).map { $0 == 30 ? "group/poison" : "group/\($0)" }
            let outcomes = await withTaskGroup(of: (String, StorageError?).self) { group in
                for key in keys {
                    group.addTask {
                        do throws(StorageError) {
                            try await storage.put(key, [1])
                            return (key, nil)
                        } catch {
                            return (key, error)
                        }
                    }
                }
                var outcomes: [String: StorageError?] = [:]
                for await (key, error) in group {
                    outcomes[key] = error
                }
                return outcomes
            }
            #expect(outcomes["group/poison"]??.code == .unavailable)
            #expect(outcomes.filter { $0.value != nil }.map(\.key) == ["group/poison"])
            #expect(try await storage.list(prefix: "group/").count == 59)
            #expect(try await storage.get("group/poison") == nil)
        }
    }

    @Test func filesAreCreatedWithMode0600() async throws {
        defer { removeDirectory() }
        func mode(_ path: String) throws -> Int? {
            try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        }
        try await withStorage { storage in
            try await storage.put("a", [1])
            #expect(try mode(path + "-wal") == 0o600, "the WAL journal")
            #expect(try mode(path + "-shm") == 0o600, "the WAL index")
        }
        #expect(try mode(path) == 0o600, "the database")
    }

    @Test func closedStorageRejectsCalls() async throws {
        defer { removeDirectory() }
        let storage = try await SQLiteStorage.open(path: path, logger: logger)
        await storage.close()
        await storage.close()
        let failure = await #expect(throws: StorageError.self) { try await storage.get("a") }
        #expect(failure?.code == .unavailable)
    }
}
