import CofferAPI
import CofferCore
import Foundation
import Testing

/// Audit devices through the API: what a line holds and hides, `sys/audit-hash`, and fail-closed.
@Suite("audit devices")
struct AuditTests {
    static func folder() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-audit-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func dev(allowAPI: Bool = true) async throws -> TestServer {
        let server = TestServer(configure: { $0.allowsAPIAuditCreation = allowAPI })
        _ = try await server.core.startDev(rootTokenID: "root")
        return server
    }

    static func enable(_ api: APIClient, _ file: String, at path: String = "file") async throws {
        let enabled = try await api.call(
            .put, "sys/audit/" + path, json: ["type": "file", "options": ["file_path": .string(file)]])
        try #require(enabled.status == 204, "\(enabled.rawBody)")
    }

    static func lines(_ file: String) throws -> [JSONValue] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))
        }
    }

    /// Each device cuts its own failed partial line off the end of its file, so two devices on one
    /// file would cut into each other's lines; the reference allows it, Coffer refuses.
    @Test func twoDevicesCannotWriteOneFile() async throws {
        let folder = Self.folder()
        try await Self.dev().run { api in
            try await Self.enable(api, folder + "/audit.log", at: "first")
            let second = try await api.call(
                .put, "sys/audit/second", json: ["type": "file", "options": ["file_path": .string(folder + "/./audit.log")]])
            #expect(second.status == 400)
            #expect(second.errors == ["the file is already written by audit device \"first/\""])
            #expect(try await api.call(.get, "sys/audit").body?["second/"] == nil)
            try await Self.enable(api, folder + "/other.log", at: "second")
        }
    }

    @Test func enablingThroughTheAPINeedsTheConfigFlag() async throws {
        try await Self.dev(allowAPI: false).run { api in
            let refused = try await api.call(
                .put, "sys/audit/file", json: ["type": "file", "options": ["file_path": "/tmp/never.log"]])
            #expect(refused.status == 400)
            #expect(
                refused.errors == [
                    "cannot enable audit device via API; use declarative, config-based audit device management instead"
                ])
            #expect(!FileManager.default.fileExists(atPath: "/tmp/never.log"))
        }
    }

    @Test func linesHideTokensAndSecretsAndTheHashFindsThem() async throws {
        let file = Self.folder() + "/audit.log"
        try await Self.dev().run { api in
            try await Self.enable(api, file)
            _ = try await api.call(.put, "secret/data/db", json: ["data": ["password": "hunter2", "port": 5432]])
            _ = try await api.call(.post, "sys/auth/userpass", json: ["type": "userpass"])
            _ = try await api.call(.post, "auth/userpass/users/alice", json: ["password": "s3cret-pw"])
            let login = try await api.call(.post, "auth/userpass/login/alice", token: nil, json: ["password": "s3cret-pw"])
            let token = try #require(login.body?["auth"]?["client_token"]?.stringValue)
            _ = try await api.call(.get, "secret/data/db", token: token)
            _ = try await api.call(.get, "sys/health", token: nil)

            let text = try String(contentsOfFile: file, encoding: .utf8)
            for secret in ["hunter2", "s3cret-pw", token, #""client_token":"root""#] { #expect(!text.contains(secret), "\(secret)") }
            #expect(!text.contains("sys/health"))
            let rootHash = try #require(
                try await api.call(.put, "sys/audit-hash/file", json: ["input": "root"]).data?["hash"]?.stringValue)
            let passwordHash = try #require(
                try await api.call(.put, "sys/audit-hash/file", json: ["input": "hunter2"]).data?["hash"]?.stringValue)
            #expect(rootHash.hasPrefix("hmac-sha256:") && rootHash.count == 12 + 64)
            let lines = try Self.lines(file)
            let write = try #require(lines.first { $0["request"]?["path"] == "secret/data/db" })
            #expect(write["auth"]?["client_token"]?.stringValue == rootHash)
            #expect(write["request"]?["data"]?["data"]?["password"]?.stringValue == passwordHash)
            #expect(write["request"]?["data"]?["data"]?["port"] == 5432)
            #expect(write["request"]?["operation"] == "create")

            let denied = try #require(lines.first { $0["request"]?["path"] == "secret/data/db" && $0["error"] != nil })
            #expect(denied["auth"]?["policy_results"]?["allowed"] == false)
            #expect(denied["auth"]?["display_name"] == "userpass-alice")
            let loginLine = try #require(
                lines.first { $0["type"] == "response" && $0["request"]?["path"] == "auth/userpass/login/alice" })
            #expect(loginLine["response"]?["auth"]?["client_token"]?.stringValue?.hasPrefix("hmac-sha256:") == true)
            #expect(loginLine["auth"]?["client_token"] == loginLine["response"]?["auth"]?["client_token"])
            let created = try await api.call(.post, "auth/token/create", json: ["policies": ["default"]])
            let createdToken = try #require(created.body?["auth"]?["client_token"]?.stringValue)
            let createLine = try #require(
                try Self.lines(file).last { $0["type"] == "response" && $0["request"]?["path"] == "auth/token/create" })
            #expect(createLine["auth"]?["client_token"]?.stringValue == rootHash, "the caller, as in the reference")
            let createdHash = try await api.call(.put, "sys/audit-hash/file", json: ["input": .string(createdToken)])
            #expect(createLine["response"]?["auth"]?["client_token"] == createdHash.data?["hash"])
        }
    }

    @Test func eachDeviceHashesWithItsOwnSaltAndBothLinesAgree() async throws {
        let folder = Self.folder()
        try await Self.dev().run { api in
            try await Self.enable(api, folder + "/a.log", at: "a")
            try await Self.enable(api, folder + "/b.log", at: "b")
            _ = try await api.call(.put, "secret/data/db", json: ["data": ["password": "hunter2"]])
            var hashes: [String] = []
            for device in ["a", "b"] {
                let hash = try #require(
                    try await api.call(.put, "sys/audit-hash/" + device, json: ["input": "hunter2"]).data?["hash"])
                let root = try await api.call(.put, "sys/audit-hash/" + device, json: ["input": "root"]).data?["hash"]
                let lines = try Self.lines(folder + "/\(device).log").filter { $0["request"]?["path"] == "secret/data/db" }
                try #require(lines.count == 2)
                #expect(lines.map { $0["type"] } == ["request", "response"])
                #expect(lines[0]["request"] == lines[1]["request"])
                #expect(lines[0]["auth"] == lines[1]["auth"])
                #expect(lines[0]["auth"]?["client_token"] == root)
                #expect(lines[0]["request"]?["client_token"] == root)
                #expect(lines[0]["request"]?["data"]?["data"]?["password"] == hash)
                hashes.append(hash.stringValue ?? "")
            }
            #expect(hashes[0] != hashes[1])
        }
    }

    @Test func aDeviceThatCannotWriteRefusesRequestsUntilItCanAgain() async throws {
        let folder = Self.folder()
        let file = folder + "/audit.log"
        let server = try await Self.dev()
        try await server.run { api in
            try await Self.enable(api, file)
            try FileManager.default.removeItem(atPath: file)
            try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
            _ = await server.core.reopenAuditDevices()

            let refused = try await api.call(.put, "secret/data/k", json: ["data": ["a": "b"]])
            #expect(refused.status == 500 && refused.errors == ["internal error"])
            #expect(try await api.call(.get, "sys/audit").status == 500)
            #expect(try await api.call(.get, "sys/health", token: nil).status == 200)

            try FileManager.default.removeItem(atPath: file)
            #expect(try await api.call(.get, "secret/data/k").status == 404)
            #expect(try await api.call(.put, "secret/data/k", json: ["data": ["a": "b"]]).status == 200)
            #expect(try Self.lines(file).count == 4)
        }
    }

    @Test func devicesNeedSudoAndDisablingStopsTheLog() async throws {
        let file = Self.folder() + "/audit.log"
        try await Self.dev().run { api in
            try await Self.enable(api, file)
            let plain = try #require(
                try await api.call(.post, "auth/token/create", json: ["policies": ["default"]]).body?["auth"]?[
                    "client_token"]?.stringValue)
            #expect(try await api.call(.get, "sys/audit", token: plain).status == 403)
            #expect(try await api.call(.delete, "sys/audit/file", token: plain).status == 403)
            let listed = try await api.call(.get, "sys/audit")
            #expect(listed.data?["file/"]?["options"]?["file_path"]?.stringValue == file)
            #expect(try await api.call(.put, "sys/audit/file/sub", json: ["type": "file"]).errors == ["path already in use"])
            #expect(try await api.call(.put, "sys/audit-hash/nope", json: ["input": "x"]).errors == [#"unknown audit backend "nope/""#])
            #expect(try await api.call(.delete, "sys/audit/file").status == 204)
            let count = try Self.lines(file).count
            _ = try await api.call(.get, "secret/data/x")
            #expect(try Self.lines(file).count == count)
            #expect(try await api.call(.delete, "sys/audit/never").status == 204)
        }
    }
}
