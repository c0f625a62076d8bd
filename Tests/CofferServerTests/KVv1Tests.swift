import CofferAPI
import Testing

@Suite("KV version 1 through the API")
struct KVv1Tests {
    @Test func writeReadListDelete() async throws {
        try await TestServer.dev().run { api in
            try await api.enableKVv1()
            #expect(try await api.call(.put, "kv/app/config", json: ["user": "alice", "n": 3]).status == 204)
            #expect(try await api.call(.post, "kv/top", json: ["k": "v"]).status == 204)
            let read = try await api.call(.get, "kv/app/config")
            #expect(read.status == 200)
            #expect(read.data == ["user": "alice", "n": 3])
            #expect(read.body?["lease_duration"] == 2_764_800)
            #expect(read.headers[.cacheControl] == "no-store")

            #expect(try await api.list("kv/").data?["keys"] == ["app/", "top"])
            #expect(try await api.call(.get, "kv/app?list=true").data?["keys"] == ["config"])
            #expect(try await api.list("kv/missing/").status == 404)

            #expect(try await api.call(.delete, "kv/app/config").status == 204)
            let gone = try await api.call(.get, "kv/app/config")
            #expect(gone.status == 404)
            #expect(gone.errors == [])
            #expect(try await api.call(.delete, "kv/app/config").status == 204)
        }
    }

    /// U+0600 joins the slash after it into one character: paths are handled by their bytes, so
    /// the folder still lists, reads and deletes like any other.
    @Test func aFolderWhoseNameJoinsItsSlashListsLikeAnyOther() async throws {
        try await TestServer.dev().run { api in
            try await api.enableKVv1()
            #expect(try await api.call(.put, "kv/x%D8%80/key", json: ["k": "v"]).status == 204)
            #expect(try await api.list("kv/").data?["keys"] == ["x\u{0600}/"])
            #expect(try await api.list("kv/x%D8%80/").data?["keys"] == ["key"])
            #expect(try await api.call(.get, "kv/x%D8%80/key").data == ["k": "v"])
            #expect(try await api.call(.delete, "kv/x%D8%80/key").status == 204)
            #expect(try await api.list("kv/x%D8%80/").status == 404)
        }
    }

    @Test func ttlFieldSetsLeaseDuration() async throws {
        try await TestServer.dev().run { api in
            try await api.enableKVv1()
            _ = try await api.call(.put, "kv/ttl", json: ["ttl": "1h", "a": "b"])
            #expect(try await api.call(.get, "kv/ttl").body?["lease_duration"] == 3600)
            let bad = try await api.call(.put, "kv/ttl2", json: ["ttl": "soon"])
            #expect(bad.status == 400)
            #expect(try await api.call(.get, "kv/ttl2").status == 404)
        }
    }

    @Test func badWritesChangeNothing() async throws {
        try await TestServer.dev().run { api in
            try await api.enableKVv1()
            let empty = try await api.call(.put, "kv/empty", json: [:])
            #expect(empty.status == 400)
            #expect(empty.errors == ["missing data fields"])
            #expect(try await api.call(.put, "kv/folder/", json: ["a": "b"]).status == 400)
            #expect(try await api.call(.put, "kv/arr", rawBody: "[1,2]").status == 400)
            #expect(try await api.call(.put, "kv/bad", rawBody: "{not json").status == 400)
            #expect(try await api.list("kv/").status == 404)
        }
    }

    @Test func tokensAreRequired() async throws {
        try await TestServer.dev().run { api in
            try await api.enableKVv1()
            _ = try await api.call(.put, "kv/top", json: ["k": "v"])
            for token: String? in [nil, "bogus"] {
                let denied = try await api.call(.get, "kv/top", token: token)
                #expect(denied.status == 403)
                #expect(denied.errors == ["permission denied"])
            }
            let bearer = try await api.call(.get, "kv/top", token: nil, headers: [.authorization: "Bearer root"])
            #expect(bearer.status == 200)
            let xvtWins = try await api.call(
                .get, "kv/top", token: "nope", headers: [.authorization: "Bearer root"])
            #expect(xvtWins.status == 403)
        }
    }
}
