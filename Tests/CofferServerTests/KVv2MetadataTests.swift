import CofferAPI
import CofferCore
import HTTPTypes
import Testing

/// KV version 2 `metadata/` and `config` through the HTTP layer.
@Suite("KV version 2 metadata through the API")
struct KVv2MetadataTests {
    @Test func configDefaultsAndChanges() async throws {
        try await KVv2DataTests.run { api in
            let defaults = try await api.call(.get, "kv2/config")
            #expect(
                defaults.data
                    == [
                        "max_versions": 0, "cas_required": false, "delete_version_after": "0s",
                        "metadata_cas_required": false,
                    ])
            let change: JSONValue = ["max_versions": -1, "delete_version_after": "-1h", "cas_required": "true"]
            #expect(try await api.call(.post, "kv2/config", json: change).status == 204)
            let changed = try await api.call(.get, "kv2/config")
            #expect(changed.data?["max_versions"] == 4_294_967_295)
            #expect(changed.data?["delete_version_after"] == "-1s")
            #expect(changed.data?["cas_required"] == true)
            _ = try await api.call(.post, "kv2/config", json: ["delete_version_after": "90"])
            #expect(try await api.call(.get, "kv2/config").data?["delete_version_after"] == "1m30s")
            #expect(try await api.call(.post, "kv2/config", json: ["delete_version_after": "soon"]).status == 400)
        }
    }

    @Test func metadataDescribesEveryVersion() async throws {
        try await KVv2DataTests.run { api in
            #expect(try await api.call(.get, "kv2/metadata/m").status == 404)
            _ = try await api.call(.post, "kv2/data/m", json: ["data": ["a": 1]])
            _ = try await api.call(.post, "kv2/data/m", json: ["data": ["a": 2]])
            _ = try await api.call(.delete, "kv2/data/m")
            let read = try await api.call(.get, "kv2/metadata/m")
            #expect(read.status == 200)
            #expect(read.data?["current_version"] == 2)
            #expect(read.data?["oldest_version"] == 0)
            #expect(read.data?["max_versions"] == 0)
            #expect(read.data?["current_metadata_version"] == 0)
            #expect(read.data?["delete_version_after"] == "0s")
            #expect(read.data?["custom_metadata"] == .null)
            #expect(read.data?["created_time"] == read.data?["versions"]?["1"]?["created_time"])
            #expect(read.data?["updated_time"] == read.data?["versions"]?["2"]?["created_time"])
            #expect(read.data?["versions"]?["1"]?["deletion_time"] == "")
            #expect(read.data?["versions"]?["2"]?["deletion_time"] != "")
        }
    }

    @Test func writePatchAndCustomMetadata() async throws {
        try await KVv2DataTests.run { api in
            let settings: JSONValue = [
                "max_versions": 3, "cas_required": true, "delete_version_after": "1h",
                "custom_metadata": ["owner": "ops", "tier": 1, "flag": true],
            ]
            #expect(try await api.call(.post, "kv2/metadata/w", json: settings).status == 204)
            let created = try await api.call(.get, "kv2/metadata/w")
            #expect(created.data?["current_version"] == 0)
            #expect(created.data?["current_metadata_version"] == 1)
            #expect(created.data?["versions"] == [:])
            #expect(created.data?["delete_version_after"] == "1h0m0s")
            #expect(created.data?["custom_metadata"] == ["owner": "ops", "tier": "1", "flag": "1"])
            #expect(try await api.call(.get, "kv2/data/w").status == 404)
            #expect(try await api.call(.post, "kv2/data/w", json: ["data": ["a": 1]]).status == 400)

            let patch: JSONValue = ["custom_metadata": ["tier": nil, "region": "eu"], "cas_required": false]
            let patched = try await api.call(.patch, "kv2/metadata/w", json: patch, headers: KVv2DataTests.mergePatch)
            #expect(patched.status == 204)
            let after = try await api.call(.get, "kv2/metadata/w")
            #expect(after.data?["custom_metadata"] == ["owner": "ops", "flag": "1", "region": "eu"])
            #expect(after.data?["max_versions"] == 3)
            #expect(after.data?["current_metadata_version"] == 2)
            let written = try await api.call(.post, "kv2/data/w", json: ["data": ["a": 1]])
            #expect(written.data?["custom_metadata"]?["owner"] == "ops")

            let nothing = try await api.call(
                .patch, "kv2/metadata/none", json: patch, headers: KVv2DataTests.mergePatch)
            #expect(nothing.status == 404)
            #expect(try await api.call(.post, "kv2/metadata/w", json: [:]).status == 204)
            #expect(try await api.call(.get, "kv2/metadata/w").data?["current_metadata_version"] == 2)
        }
    }

    @Test func customMetadataLimits() async throws {
        try await KVv2DataTests.run { api in
            let empty = try await api.call(.post, "kv2/metadata/c", json: ["custom_metadata": ["k": ""]])
            #expect(
                empty.errors == [
                    "1 error occurred:\n\t* custom_metadata validation failed: length of value for key \"k\" is 0 but must be 0 < len(value) <= 512\n\n"
                ])
            let long = JSONValue.object([String(repeating: "k", count: 129): "v", "x": "\u{1}"])
            let two = try await api.call(.post, "kv2/metadata/c", json: ["custom_metadata": long])
            #expect(two.errors?.first?.hasPrefix("2 errors occurred:") == true)
            var many: [String: JSONValue] = [:]
            for index in 0..<65 { many["k\(index)"] = "v" }
            #expect(try await api.call(.post, "kv2/metadata/c", json: ["custom_metadata": .object(many)]).status == 400)
            #expect(try await api.call(.post, "kv2/metadata/c", json: ["delete_version_after": -5]).status == 400)
            #expect(try await api.call(.get, "kv2/metadata/c").status == 404)
        }
    }

    @Test func metadataCheckAndSet() async throws {
        try await KVv2DataTests.run { api in
            let new: JSONValue = ["metadata_cas_required": true, "metadata_cas": 1]
            #expect(
                try await api.call(.post, "kv2/metadata/mc", json: new).errors == [
                    "metadata_cas must be 0 when creating new metadata"
                ])
            #expect(
                try await api.call(.post, "kv2/metadata/mc", json: ["metadata_cas_required": true, "metadata_cas": 0])
                    .status == 204)
            let missing = try await api.call(.post, "kv2/metadata/mc", json: ["max_versions": 2])
            #expect(missing.errors == ["metadata check-and-set parameter required for this call"])
            let stale = try await api.call(.post, "kv2/metadata/mc", json: ["max_versions": 2, "metadata_cas": 0])
            #expect(stale.errors == ["metadata check-and-set parameter does not match the current version"])
            #expect(
                try await api.call(.post, "kv2/metadata/mc", json: ["max_versions": 2, "metadata_cas": 1]).status == 204
            )
            #expect(try await api.call(.post, "kv2/data/mc", json: ["data": ["a": 1]]).status == 200)
        }
    }

    @Test func listAndDeleteKeys() async throws {
        try await KVv2DataTests.run { api in
            #expect(try await api.list("kv2/metadata/").status == 404)
            for path in ["a", "b/c", "b/d/e"] {
                _ = try await api.call(.post, "kv2/data/\(path)", json: ["data": ["x": 1]])
            }
            _ = try await api.call(.post, "kv2/metadata/z", json: ["max_versions": 1])
            #expect(try await api.list("kv2/metadata/").data?["keys"] == ["a", "b/", "z"])
            #expect(try await api.list("kv2/metadata").data?["keys"] == ["a", "b/", "z"])
            #expect(try await api.call(.get, "kv2/metadata/b?list=true").data?["keys"] == ["c", "d/"])
            #expect(try await api.list("kv2/metadata/nope/").status == 404)
            #expect(try await api.list("kv2/data/").status == 405)

            #expect(try await api.call(.delete, "kv2/metadata/b/c").status == 204)
            #expect(try await api.call(.get, "kv2/data/b/c").status == 404)
            #expect(try await api.call(.get, "kv2/metadata/b/c").status == 404)
            #expect(try await api.list("kv2/metadata/b").data?["keys"] == ["d/"])
            #expect(try await api.call(.delete, "kv2/metadata/b/c").status == 204)
        }
    }

    @Test func maxVersionsTrimsTheOldestVersionsAndTheirData() async throws {
        let storage = InMemoryStorage()
        let server = TestServer(storage: storage)
        _ = try await server.core.startDev(rootTokenID: "root")
        try await server.run { api in
            _ = try await api.call(.post, "sys/mounts/kv2", json: ["type": "kv-v2"])
            _ = try await api.call(.post, "kv2/config", json: ["max_versions": 5])
            _ = try await api.call(.post, "kv2/metadata/small", json: ["max_versions": 2])
            _ = try await api.call(.post, "kv2/metadata/large", json: ["max_versions": 7])
            for n in 1...9 {
                for key in ["small", "large", "plain"] {
                    _ = try await api.call(.post, "kv2/data/\(key)", json: ["data": ["n": .int(Int64(n))]])
                }
            }
            // The larger of the key's and the mount's setting wins.
            for (key, oldest) in [("small", 5), ("large", 3), ("plain", 5)] {
                let metadata = try await api.call(.get, "kv2/metadata/\(key)")
                #expect(metadata.data?["oldest_version"] == .int(Int64(oldest)))
                let kept = (metadata.data?["versions"]?.objectValue?.keys.compactMap { Int($0) } ?? []).sorted()
                #expect(kept == Array(oldest...9))
                #expect(try await api.call(.get, "kv2/data/\(key)?version=\(oldest - 1)").status == 404)
            }
        }
        let versionKeys = try await storage.keys(under: "").filter { $0.contains("/versions/small/") }
        #expect(versionKeys.count == 5)
    }
}
