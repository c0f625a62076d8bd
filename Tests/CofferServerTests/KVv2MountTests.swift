import CofferAPI
import Testing

/// Mounting KV version 2, its paths outside the versioned API, and policies that only grant `create`.
@Suite("KV version 2 mounts and policies")
struct KVv2MountTests {
    @Test func versionOptionChoosesTheEngine() async throws {
        try await TestServer.dev().run { api in
            #expect(try await api.call(.post, "sys/mounts/v2", json: ["type": "kv-v2"]).status == 204)
            #expect(try await api.call(.get, "sys/mounts/v2").data?["options"]?["version"] == "2")
            #expect(try await api.call(.post, "v2/data/a", json: ["data": ["k": "v"]]).status == 200)

            #expect(try await api.call(.post, "sys/mounts/plain", json: ["type": "kv"]).status == 204)
            #expect(try await api.call(.post, "plain/a", json: ["k": "v"]).status == 204)
            #expect(try await api.call(.get, "plain/a").data == ["k": "v"])

            let bad = try await api.call(.post, "sys/mounts/v3", json: ["type": "kv", "options": ["version": "3"]])
            #expect(bad.status == 400)
        }
    }

    @Test func pathsOutsideTheVersionedAPIAnswerWithAHint() async throws {
        try await KVv2DataTests.run { api in
            let v1Style = try await api.call(.get, "kv2/app")
            #expect(v1Style.status == 404)
            #expect(v1Style.data == .null)
            #expect(
                v1Style.body?["warnings"]?.stringArray?.first?.hasPrefix(
                    "Invalid path for a versioned K/V secrets engine.") == true)
            #expect(try await api.list("kv2/").status == 404)
            #expect(
                try await api.call(.post, "kv2/", json: ["a": 1]).errors == ["cannot write to a path ending in '/'"])
            let bare = try await api.call(.get, "kv2/data")
            #expect(bare.status == 404)
            #expect(
                bare.body?["warnings"] == ["Non-listing operations on the root of a K/V v2 mount are not supported."])
            let unsupported = try await api.call(.get, "kv2/delete/a")
            #expect(unsupported.status == 405)
            #expect(unsupported.errors == ["1 error occurred:\n\t* unsupported operation\n\n"])
        }
    }

    @Test func createOnlyPoliciesMayWriteNewKeysOnly() async throws {
        try await KVv2DataTests.run { api in
            let policy = """
                path "kv2/data/*" { capabilities = ["create"] }
                path "kv2/metadata/*" { capabilities = ["create"] }
                path "kv2/config" { capabilities = ["create"] }
                """
            #expect(
                try await api.call(.put, "sys/policies/acl/create-only", json: ["policy": .string(policy)]).status
                    == 204)
            let created = try await api.call(.post, "auth/token/create", json: ["policies": ["create-only"]])
            let token = try #require(created.body?["auth"]?["client_token"]?.stringValue)

            #expect(try await api.call(.post, "kv2/data/new", token: token, json: ["data": ["a": 1]]).status == 200)
            #expect(try await api.call(.post, "kv2/data/new", token: token, json: ["data": ["a": 2]]).status == 403)
            #expect(
                try await api.call(.post, "kv2/metadata/fresh", token: token, json: ["max_versions": 2]).status == 204)
            #expect(
                try await api.call(.post, "kv2/metadata/fresh", token: token, json: ["max_versions": 3]).status == 403)
            #expect(try await api.call(.post, "kv2/data/fresh", token: token, json: ["data": ["a": 1]]).status == 403)
            #expect(try await api.call(.post, "kv2/config", token: token, json: ["max_versions": 1]).status == 403)
            #expect(try await api.call(.get, "kv2/data/new", token: token).status == 403)
        }
    }
}
