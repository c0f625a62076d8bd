import CofferAPI
import CofferCore
import Foundation
import Testing

/// What an audit line may show in plain text: real timestamps and the kind of a failure, never
/// input a refusal echoes; and how a `file` device reads its `mode`.
@Suite("audit line contents")
struct AuditLineContentTests {
    @Test func aFailureIsNamedByItsKindAndItsMessageIsHashed() async throws {
        let file = AuditTests.folder() + "/audit.log"
        try await AuditTests.dev().run { api in
            try await AuditTests.enable(api, file)
            let refused = try await api.call(.post, "auth/token/create", json: ["ttl": "TTLSECRET10"])
            #expect(refused.status == 400 && refused.errors?.first?.contains("TTLSECRET10") == true)
            _ = try await api.call(.post, "sys/auth/userpass", json: ["type": "userpass"])
            _ = try await api.call(.post, "auth/userpass/users/alice", json: ["password": "right"])
            let login = try await api.call(.post, "auth/userpass/login/alice", token: nil, json: ["password": "wrong"])
            #expect(login.status == 400)
            #expect(try await api.call(.get, "secret/data/missing").status == 404)

            #expect(try !String(contentsOfFile: file, encoding: .utf8).contains("TTLSECRET10"))
            let lines = try AuditTests.lines(file)
            let create = lines.filter { $0["request"]?["path"] == "auth/token/create" }
            #expect(create.map { $0["error"] } == [nil, "1 error occurred:\n\t* invalid request\n\n"], "written before the handler ran")
            let message = try #require(refused.errors?.first)
            let hash = try await api.call(.put, "sys/audit-hash/file", json: ["input": .string(message)]).data?["hash"]
            #expect(create.last?["response"]?["data"]?["error"] == hash)
            let failedLogin = lines.filter { $0["request"]?["path"] == "auth/userpass/login/alice" }
            #expect(failedLogin.map { $0["error"] } == [nil, "invalid credentials"])
            let missing = lines.filter { $0["request"]?["path"] == "secret/data/missing" }
            #expect(missing.count == 2 && missing.allSatisfy { $0["error"] == nil })
        }
    }

    @Test func eachLineShowsTheCallerAsItIsNow() async throws {
        let file = AuditTests.folder() + "/audit.log"
        try await AuditTests.dev().run { api in
            try await AuditTests.enable(api, file)
            for name in ["first", "second"] {
                let policy = #"path "secret/*" { capabilities = ["read"] }"#
                _ = try await api.call(.put, "sys/policies/acl/\(name)", json: ["policy": .string(policy)])
            }
            func make(_ policy: String, uses: Int64 = 0) async throws -> String {
                let made = try await api.call(
                    .post, "auth/token/create",
                    json: ["id": "same-value", "policies": [.string(policy)], "num_uses": .int(uses)])
                return try #require(made.body?["auth"]?["accessor"]?.stringValue)
            }
            let firstAccessor = try await make("first")
            #expect(try await api.call(.get, "auth/token/lookup-self", token: "same-value").status == 200)
            #expect(try await api.call(.get, "sys/mounts", token: "same-value").status == 403)
            _ = try await api.call(.post, "auth/token/revoke-accessor", json: ["accessor": .string(firstAccessor)])
            let secondAccessor = try await make("second", uses: 3)
            for _ in 0..<2 { _ = try await api.call(.get, "auth/token/lookup-self", token: "same-value") }

            let hash = { (text: String) in
                try await api.call(.put, "sys/audit-hash/file", json: ["input": .string(text)]).data?["hash"]
            }
            let lookups = try AuditTests.lines(file).filter {
                $0["type"] == "response" && $0["request"]?["path"] == "auth/token/lookup-self"
            }
            let (first, second) = (try await hash(firstAccessor), try await hash(secondAccessor))
            #expect(lookups.map { $0["auth"]?["accessor"] } == [first, second, second])
            #expect(lookups.map { $0["auth"]?["policies"]?.arrayValue?.last } == ["first", "second", "second"])
            #expect(lookups.map { $0["auth"]?["remaining_uses"] } == [nil, .int(2), .int(1)])
            let denied = try AuditTests.lines(file).filter {
                $0["type"] == "response" && $0["request"]?["path"] == "sys/mounts"
            }
            #expect(denied.last?["auth"]?["policy_results"]?["allowed"] == .bool(false))
        }
    }

    @Test func onlyRealTimestampsStayPlain() async throws {
        let file = AuditTests.folder() + "/audit.log"
        let real = ["2024-01-01T00:00:00Z", "2024-02-29T23:59:59.123456789+05:30", "2023-12-31T12:00:00-00:00"]
        let shaped = [
            "9999-99-99T99:99:99Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T23:59:60Z",
            "2024-01-01T24:00:00Z", "2024-01-01T00:00:00+99:99", "2024-01-01T00:00:00+05:60", "2024-13-01T00:00:00Z",
            "2024-01-00T00:00:00Z", "2024-01-01T00:00:00.Z", "2024-01-01t00:00:00Z",
        ]
        try await AuditTests.dev().run { api in
            try await AuditTests.enable(api, file)
            var data: [String: JSONValue] = [:]
            for (index, value) in (real + shaped).enumerated() { data["v\(index)"] = .string(value) }
            _ = try await api.call(.put, "secret/data/times", json: ["data": .object(data)])
            let line = try #require(try AuditTests.lines(file).first { $0["request"]?["path"] == "secret/data/times" })
            let logged = try #require(line["request"]?["data"]?["data"])
            for (index, value) in (real + shaped).enumerated() {
                let plain = logged["v\(index)"]?.stringValue == value
                #expect(plain == real.contains(value), "\(value)")
            }
        }
    }

    @Test func aFileModeIsReadAsTheReferenceReadsIt() async throws {
        let folder = AuditTests.folder()
        try await AuditTests.dev().run { api in
            func enable(_ path: String, mode: String) async throws -> APIResponse {
                try await api.call(
                    .put, "sys/audit/" + path,
                    json: ["type": "file", "options": ["file_path": .string(folder + "/\(path).log"), "mode": .string(mode)]])
            }
            for bad in ["+644", "-0", "0x1", "", "8", "40000000000"] {
                let refused = try await enable("bad", mode: bad)
                #expect(refused.status == 400, "\(bad)")
                #expect(refused.errors?.first?.hasPrefix("strconv.ParseUint: parsing") == true, "\(bad)")
            }
            #expect(try await enable("missing", mode: "0000").status == 400)
            #expect(!FileManager.default.fileExists(atPath: folder + "/missing.log"))
            FileManager.default.createFile(atPath: folder + "/kept.log", contents: nil, attributes: [.posixPermissions: 0o640])
            #expect(try await enable("kept", mode: "0000").status == 204)
            #expect(try await enable("stripped", mode: "0755").status == 204)
            _ = try await api.call(.get, "sys/mounts")
            for (name, mode) in [("kept", 0o640), ("stripped", 0o644)] {
                let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/\(name).log")
                #expect((attributes[.posixPermissions] as? Int) == mode, "\(name)")
            }
        }
    }
}
