import CofferAPI
import Testing

@Suite("init, unseal, seal through the API")
struct SealLifecycleTests {
    @Test func initUnsealSealFlow() async throws {
        try await TestServer().run { api in
            let fresh = try await api.call(.get, "sys/seal-status", token: nil)
            #expect(fresh.body?["initialized"] == false)
            #expect(try await api.call(.get, "sys/health", token: nil).status == 501)

            let initialized = try await api.call(
                .put, "sys/init", token: nil, json: ["secret_shares": 5, "secret_threshold": 3])
            #expect(initialized.status == 200)
            let keys = try #require(initialized.body?["keys"]?.stringArray)
            let rootToken = try #require(initialized.body?["root_token"]?.stringValue)
            #expect(keys.count == 5)
            #expect(keys.allSatisfy { $0.count == 66 })
            #expect(initialized.body?["keys_base64"]?.arrayValue?.count == 5)

            #expect(try await api.call(.get, "sys/health", token: nil).status == 503)
            #expect(try await api.call(.get, "sys/mounts", token: rootToken).status == 503)

            let first = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(keys[0])])
            #expect(first.body?["progress"] == 1)
            #expect(first.body?["sealed"] == true)
            let nonce = try #require(first.body?["nonce"]?.stringValue)
            #expect(!nonce.isEmpty)
            let repeated = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(keys[0])])
            #expect(repeated.body?["progress"] == 1)
            let second = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(keys[3])])
            #expect(second.body?["progress"] == 2)
            #expect(second.body?["nonce"]?.stringValue == nonce)
            let third = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(keys[4])])
            #expect(third.body?["sealed"] == false)
            #expect(third.body?["progress"] == 0)
            #expect(third.body?["cluster_id"]?.stringValue?.isEmpty == false)

            #expect(try await api.call(.get, "sys/health", token: nil).status == 200)
            #expect(try await api.call(.put, "sys/seal", token: nil).status == 403)
            #expect(try await api.call(.put, "sys/seal", token: "not-a-token").status == 403)
            #expect(try await api.call(.put, "sys/seal", token: rootToken).status == 204)
            #expect(try await api.call(.get, "sys/seal-status", token: nil).body?["sealed"] == true)
        }
    }

    @Test func wrongShareAtThresholdResetsProgress() async throws {
        try await TestServer().run { api in
            let initialized = try await api.call(
                .put, "sys/init", token: nil, json: ["secret_shares": 3, "secret_threshold": 2])
            let keys = try #require(initialized.body?["keys"]?.stringArray)
            _ = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(keys[0])])
            let wrong = String(repeating: "11", count: 33)
            let failed = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(wrong)])
            #expect(failed.status == 400)
            let status = try await api.call(.get, "sys/seal-status", token: nil)
            #expect(status.body?["progress"] == 0)
            #expect(status.body?["nonce"] == "")
            #expect(status.body?["sealed"] == true)
        }
    }

    static let badShareConfigurations: [(JSONValue, String)] = [
        (.object([:]), "shares must be at least one"),
        (["secret_shares": 1, "secret_threshold": 2], "threshold cannot be larger than shares"),
        (["secret_shares": 3, "secret_threshold": 1], "threshold must be greater than one for multiple shares"),
        (["secret_shares": 5, "secret_threshold": 0], "threshold must be at least one"),
        (["secret_shares": 300, "secret_threshold": 3], "shares must be less than 256"),
    ]

    @Test(arguments: badShareConfigurations)
    func initRejectsBadShareConfigurations(body: JSONValue, message: String) async throws {
        try await TestServer().run { api in
            let response = try await api.call(.put, "sys/init", token: nil, json: body)
            #expect(response.status == 400)
            #expect(response.errors?.first?.contains(message) == true)
            #expect(try await api.call(.get, "sys/init", token: nil).body?["initialized"] == false)
        }
    }

    @Test func unsealRejectsMalformedKeys() async throws {
        try await TestServer().run { api in
            _ = try await api.call(.put, "sys/init", token: nil, json: ["secret_shares": 3, "secret_threshold": 2])
            let cases: [(JSONValue, String)] = [
                (.object([:]), "'key' must be specified"),
                (["key": "!!!notakey"], "must be a valid hex or base64 string"),
                (["key": "deadbeef"], "shorter than minimum 16 bytes"),
            ]
            for (body, message) in cases {
                let response = try await api.call(.put, "sys/unseal", token: nil, json: body)
                #expect(response.status == 400)
                #expect(response.errors?.first?.contains(message) == true)
            }
            #expect(try await api.call(.get, "sys/seal-status", token: nil).body?["progress"] == 0)
        }
    }
}
