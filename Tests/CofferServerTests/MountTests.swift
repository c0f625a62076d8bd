import CofferAPI
import Testing

@Suite("sys/mounts and sys/internal/ui/mounts")
struct MountTests {
    @Test func enableReadDisable() async throws {
        try await TestServer.dev().run { api in
            #expect(
                try await api.call(.post, "sys/mounts/foo", json: ["type": "kv", "options": ["version": 1]]).status
                    == 204)
            let mount = try await api.call(.get, "sys/mounts/foo")
            #expect(mount.status == 200)
            #expect(mount.body?["type"] == "kv")
            #expect(mount.data?["options"]?["version"] == "1")
            #expect(mount.data?["accessor"]?.stringValue?.hasPrefix("kv_") == true)

            let again = try await api.call(.post, "sys/mounts/foo", json: ["type": "kv"])
            #expect(again.errors == ["path is already in use at foo/"])
            #expect(try await api.call(.post, "sys/mounts/foo/sub", json: ["type": "kv"]).status == 400)
            #expect(
                try await api.call(.post, "sys/mounts/bar", json: ["type": "nosuch"]).errors
                    == ["plugin not found in the catalog: nosuch"])
            #expect(
                try await api.call(.post, "sys/mounts/bar", json: [:]).errors
                    == ["backend type must be specified as a string"])
            #expect(try await api.call(.post, "sys/mounts/sys", json: ["type": "kv"]).status == 400)

            let all = try await api.call(.get, "sys/mounts")
            #expect(all.data?["foo/"]?["type"] == "kv")
            #expect(all.body?["sys/"]?["type"] == "system")
            #expect(all.data?["secret/"]?["type"] == "kv")

            _ = try await api.call(.put, "foo/x", json: ["a": "b"])
            #expect(try await api.call(.delete, "sys/mounts/foo").status == 204)
            #expect(try await api.call(.get, "sys/mounts/foo").errors == ["No secret engine mount at foo/"])
            #expect(try await api.call(.get, "foo/x").status == 404)
            #expect(try await api.call(.post, "sys/mounts/foo", json: ["type": "kv"]).status == 204)
            #expect(try await api.call(.get, "foo/x").status == 404)
            #expect(try await api.call(.delete, "sys/mounts/nonexistent").status == 204)
        }
    }

    @Test func uiMountsReportTheServingMount() async throws {
        try await TestServer.dev().run { api in
            let deep = try await api.call(.get, "sys/internal/ui/mounts/secret/some/path")
            #expect(deep.data?["path"] == "secret/")
            #expect(deep.data?["options"]?["version"] == "2")
            #expect(try await api.call(.get, "sys/internal/ui/mounts/missing").status == 403)
            #expect(try await api.call(.get, "sys/internal/ui/mounts/secret", token: nil).status == 403)
            let anonymous = try await api.call(.get, "sys/internal/ui/mounts", token: nil)
            #expect(anonymous.data == ["auth": [:], "secret": [:]])
            let listed = try await api.call(.get, "sys/internal/ui/mounts")
            #expect(listed.data?["secret"]?["secret/"]?["type"] == "kv")
        }
    }
}
