import CofferAPI
import HTTPTypes
import Testing

/// KV version 2 `data/`, `delete/`, `undelete/`, `destroy/` and `subkeys/` through the HTTP layer.
@Suite("KV version 2 data through the API")
struct KVv2DataTests {
    static let mergePatch: HTTPFields = [.contentType: "application/merge-patch+json"]

    /// A dev server with a KV version 2 engine at `kv2/`.
    static func run(_ test: @Sendable (APIClient) async throws -> Void) async throws {
        try await TestServer.dev().run { api in
            let mounted = try await api.call(
                .post, "sys/mounts/kv2", json: ["type": "kv", "options": ["version": "2"]])
            #expect(mounted.status == 204)
            try await test(api)
        }
    }

    @Test func writesAndReadsVersions() async throws {
        try await Self.run { api in
            #expect(try await api.call(.get, "kv2/data/app").status == 404)
            let first = try await api.call(.post, "kv2/data/app", json: ["data": ["user": "alice", "n": 1]])
            #expect(first.status == 200)
            #expect(first.data?["version"] == 1)
            #expect(first.data?["destroyed"] == false)
            #expect(first.data?["deletion_time"] == "")
            #expect(first.data?["custom_metadata"] == .null)
            #expect(first.data?["created_time"]?.stringValue?.hasSuffix("Z") == true)
            #expect(try await api.call(.put, "kv2/data/app", json: ["data": ["user": "bob"]]).data?["version"] == 2)

            let latest = try await api.call(.get, "kv2/data/app")
            #expect(latest.data?["data"] == ["user": "bob"])
            #expect(latest.data?["metadata"]?["version"] == 2)
            #expect(try await api.call(.get, "kv2/data/app?version=1").data?["data"] == ["user": "alice", "n": 1])
            #expect(try await api.call(.get, "kv2/data/app?version=0").data?["metadata"]?["version"] == 2)
            let missing = try await api.call(.get, "kv2/data/app?version=9")
            #expect(missing.status == 404)
            #expect(missing.errors == [])
            #expect(try await api.call(.get, "kv2/data/app?version=x").status == 400)
        }
    }

    @Test func refusesMalformedWrites() async throws {
        try await Self.run { api in
            let noData = try await api.call(.post, "kv2/data/k", json: ["other": 1])
            #expect(noData.status == 400)
            #expect(noData.errors == ["no data provided"])
            #expect(try await api.call(.post, "kv2/data/k", json: ["data": "text"]).status == 400)
            #expect(try await api.call(.post, "kv2/data/k", json: ["data": [:], "options": "x"]).status == 400)
            let folder = try await api.call(.post, "kv2/data/k/", json: ["data": ["a": 1]])
            #expect(folder.errors == ["cannot write to a path ending in '/'"])
            #expect(try await api.call(.get, "kv2/metadata/k").status == 404)

            let extra = try await api.call(.post, "kv2/data/k", json: ["data": [:], "foo": 1])
            #expect(extra.status == 200)
            #expect(extra.body?["warnings"] == ["Endpoint ignored these unrecognized parameters: [foo]"])
        }
    }

    @Test func checkAndSet() async throws {
        try await Self.run { api in
            #expect(
                try await api.call(.post, "kv2/data/c", json: ["data": ["a": 1], "options": ["cas": 1]]).status == 400)
            #expect(
                try await api.call(.post, "kv2/data/c", json: ["data": ["a": 1], "options": ["cas": 0]]).status == 200)
            let stale = try await api.call(.post, "kv2/data/c", json: ["data": ["a": 2], "options": ["cas": 0]])
            #expect(stale.status == 400)
            #expect(stale.errors == ["check-and-set parameter did not match the current version"])
            #expect(
                try await api.call(.post, "kv2/data/c", json: ["data": ["a": 2], "options": ["cas": "1"]]).status == 200
            )
            let garbled = try await api.call(.post, "kv2/data/c", json: ["data": ["a": 3], "options": ["cas": "one"]])
            #expect(garbled.errors == ["error parsing check-and-set parameter"])

            #expect(try await api.call(.post, "kv2/config", json: ["cas_required": true]).status == 204)
            let required = try await api.call(.post, "kv2/data/c", json: ["data": ["a": 3]])
            #expect(required.status == 400)
            #expect(required.errors == ["check-and-set parameter required for this call"])
            #expect(
                try await api.call(.post, "kv2/data/c", json: ["data": ["a": 3], "options": ["cas": 2]]).status == 200)
        }
    }

    @Test func softDeleteUndeleteAndDestroy() async throws {
        try await Self.run { api in
            for n in 1...3 { _ = try await api.call(.post, "kv2/data/d", json: ["data": ["n": .int(Int64(n))]]) }
            #expect(try await api.call(.delete, "kv2/data/d").status == 204)
            let deleted = try await api.call(.get, "kv2/data/d")
            #expect(deleted.status == 404)
            #expect(deleted.data?["data"] == .null)
            #expect(deleted.data?["metadata"]?["version"] == 3)
            #expect(deleted.data?["metadata"]?["deletion_time"] != "")

            #expect(try await api.call(.post, "kv2/delete/d", json: ["versions": [1, 99]]).status == 204)
            #expect(try await api.call(.get, "kv2/data/d?version=1").status == 404)
            #expect(try await api.call(.post, "kv2/undelete/d", json: ["versions": "1,3"]).status == 204)
            #expect(try await api.call(.get, "kv2/data/d?version=1").data?["data"] == ["n": 1])
            #expect(try await api.call(.get, "kv2/data/d").data?["metadata"]?["deletion_time"] == "")

            #expect(try await api.call(.put, "kv2/destroy/d", json: ["versions": [2]]).status == 204)
            let destroyed = try await api.call(.get, "kv2/data/d?version=2")
            #expect(destroyed.status == 404)
            #expect(destroyed.data?["metadata"]?["destroyed"] == true)
            #expect(try await api.call(.post, "kv2/undelete/d", json: ["versions": [2]]).status == 204)
            #expect(try await api.call(.get, "kv2/data/d?version=2").status == 404)

            #expect(try await api.call(.post, "kv2/delete/d", json: [:]).errors == ["No version number provided"])
            #expect(try await api.call(.post, "kv2/destroy/d", json: [:]).errors == ["no version number provided"])
            #expect(try await api.call(.post, "kv2/delete/d", json: ["versions": ["x"]]).status == 400)
            #expect(try await api.call(.post, "kv2/delete/never", json: ["versions": [1]]).status == 204)
            #expect(try await api.call(.delete, "kv2/data/never").status == 204)
        }
    }

    @Test func patchMergesIntoTheLatestVersion() async throws {
        try await Self.run { api in
            let body: JSONValue = ["data": ["a": 1]]
            #expect(try await api.call(.patch, "kv2/data/p", json: body, headers: Self.mergePatch).status == 404)
            _ = try await api.call(.post, "kv2/data/p", json: ["data": ["x": "1", "n": 2, "obj": ["a": 1, "b": 2]]])
            let patch: JSONValue = ["data": ["x": "9", "n": nil, "obj": ["a": nil, "c": 3]]]
            let patched = try await api.call(.patch, "kv2/data/p", json: patch, headers: Self.mergePatch)
            #expect(patched.status == 200)
            #expect(patched.data?["version"] == 2)
            #expect(try await api.call(.get, "kv2/data/p").data?["data"] == ["x": "9", "obj": ["b": 2, "c": 3]])

            let stale: JSONValue = ["data": ["x": "0"], "options": ["cas": 1]]
            #expect(try await api.call(.patch, "kv2/data/p", json: stale, headers: Self.mergePatch).status == 400)
            #expect(
                try await api.call(.patch, "kv2/data/p", json: [:], headers: Self.mergePatch).errors == [
                    "no data provided"
                ])
            #expect(try await api.call(.patch, "kv2/data/p", json: body).status == 400)

            _ = try await api.call(.delete, "kv2/data/p")
            let gone = try await api.call(.patch, "kv2/data/p", json: body, headers: Self.mergePatch)
            #expect(gone.status == 404)
            #expect(gone.data?["version"] == 2)
        }
    }

    @Test func subkeysHideValues() async throws {
        try await Self.run { api in
            _ = try await api.call(
                .post, "kv2/data/s", json: ["data": ["a": 1, "b": ["c": ["d": 1], "e": [1, 2]], "f": nil]])
            let all = try await api.call(.get, "kv2/subkeys/s")
            #expect(all.data?["subkeys"] == ["a": nil, "b": ["c": ["d": nil], "e": nil], "f": nil])
            #expect(all.data?["metadata"]?["version"] == 1)
            #expect(
                try await api.call(.get, "kv2/subkeys/s?depth=1").data?["subkeys"] == ["a": nil, "b": nil, "f": nil])
            #expect(try await api.call(.get, "kv2/subkeys/s?depth=2").data?["subkeys"]?["b"] == ["c": nil, "e": nil])
            #expect(try await api.call(.get, "kv2/subkeys/none").status == 404)
            _ = try await api.call(.delete, "kv2/data/s")
            let deleted = try await api.call(.get, "kv2/subkeys/s")
            #expect(deleted.status == 404)
            #expect(deleted.data?["subkeys"] == .null)
        }
    }
}
