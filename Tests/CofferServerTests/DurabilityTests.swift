import CofferAPI
import CofferCore
import CofferSQLite
import Foundation
import Logging
import SQLiteNIO
import Testing

@Suite("SQLite-backed server: restart and tamper detection")
struct DurabilityTests {
    private static func databasePath() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-test-\(UUID().uuidString)")
        return folder.appendingPathComponent("coffer.db").path
    }

    private static func initAndUnseal(_ api: APIClient) async throws -> (keys: [String], token: String) {
        let initialized = try await api.call(
            .put, "sys/init", token: nil, json: ["secret_shares": 3, "secret_threshold": 2])
        let keys = try #require(initialized.body?["keys"]?.stringArray)
        let token = try #require(initialized.body?["root_token"]?.stringValue)
        for key in keys.prefix(2) {
            _ = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(key)])
        }
        return (keys, token)
    }

    @Test func secretsSurviveARestart() async throws {
        let path = Self.databasePath()
        let logger = Logger(label: "coffer-test")
        let first = try await SQLiteStorage.open(path: path, logger: logger)
        let (keys, token) = try await TestServer(storage: first).run { api in
            let opened = try await Self.initAndUnseal(api)
            #expect(try await api.call(.post, "sys/mounts/kv", token: opened.token, json: ["type": "kv"]).status == 204)
            #expect(try await api.call(.put, "kv/db", token: opened.token, json: ["password": "hunter2"]).status == 204)
            return opened
        }
        await first.close()

        let second = try await SQLiteStorage.open(path: path, logger: logger)
        try await TestServer(storage: second).run { api in
            #expect(try await api.call(.get, "sys/seal-status", token: nil).body?["sealed"] == true)
            #expect(try await api.call(.get, "kv/db", token: token).status == 503)
            for key in keys.suffix(2) {
                _ = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(key)])
            }
            let read = try await api.call(.get, "kv/db", token: token)
            #expect(read.data == ["password": "hunter2"])
        }
        await second.close()
    }

    /// The file is altered while the server is down, as by an attacker with disk access; the
    /// restarted server refuses the altered entry.
    @Test func alteredRowFailsToRead() async throws {
        let path = Self.databasePath()
        let logger = Logger(label: "coffer-test")
        let first = try await SQLiteStorage.open(path: path, logger: logger)
        let (keys, token) = try await TestServer(storage: first).run { api in
            let opened = try await Self.initAndUnseal(api)
            _ = try await api.call(.post, "sys/mounts/kv", token: opened.token, json: ["type": "kv"])
            _ = try await api.call(.put, "kv/db", token: opened.token, json: ["password": "hunter2"])
            return opened
        }
        await first.close()
        try await Self.flipLastByte(ofKeyEndingIn: "/db", in: path)

        let second = try await SQLiteStorage.open(path: path, logger: logger)
        try await TestServer(storage: second).run { api in
            for key in keys.prefix(2) {
                _ = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(key)])
            }
            let read = try await api.call(.get, "kv/db", token: token)
            #expect(read.status == 500)
            #expect(read.errors?.isEmpty == false)
            #expect(!read.rawBody.contains("hunter2"))
        }
        await second.close()
    }

    /// Alters one stored ciphertext byte directly in the database file, as an attacker with disk access could.
    private static func flipLastByte(ofKeyEndingIn suffix: String, in path: String) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        let rows = try await connection.query("SELECT key, value FROM entries")
        let row = try #require(rows.first { $0.column("key")?.string?.hasSuffix(suffix) == true })
        let key = try #require(row.column("key")?.string)
        var value = try #require(row.column("value")?.blob)
        let last = value.writerIndex - 1
        value.setInteger(value.getInteger(at: last, as: UInt8.self)! ^ 0x01, at: last)
        _ = try await connection.query("UPDATE entries SET value = ? WHERE key = ?", [.blob(value), .text(key)])
        try await connection.close()
    }
}
