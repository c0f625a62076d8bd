import CofferAPI
import CofferCore
import CofferHTTP
import CofferSQLite
import Crypto
import Foundation
import HummingbirdTesting
import Logging
import Testing

@testable import CofferSecrets

/// The transit engine through the API: what the conformance scenarios cannot show against the
/// reference, because it needs Coffer's clock, storage or key material.
@Suite("Transit through the API")
struct TransitTests {
    /// A dev server whose `transit` mounts run on `clock`, with `transit/` mounted.
    static func run(clock: ManualClock, _ test: @Sendable (APIClient) async throws -> Void)
        async throws
    {
        var engines = EngineRegistry()
        SecretEngines.register(in: &engines, defaultLeaseTTL: 768 * 3600)
        engines.register("transit") { _ in TransitBackend(now: { clock.now }) }
        try await TestServer.runDev(engines: engines) { api in
            #expect(try await api.call(.post, "sys/mounts/transit", json: ["type": "transit"]).status == 204)
            try await test(api)
        }
    }

    /// The reference refuses such a batch with a 500; Coffer with a 400 and the same words.
    @Test func aBatchMemberWithAFieldOfTheWrongTypeFailsTheWholeBatch() async throws {
        try await Self.run(clock: ManualClock()) { api in
            let refused = try await api.call(
                .post, "transit/encrypt/batch",
                json: ["batch_input": [["plaintext": "aGk="], ["plaintext": "aGk=", "key_version": "x"]]])
            #expect(refused.status == 400)
            #expect(refused.errors?.first?.hasPrefix("1 error occurred:\n\t* failed to parse batch input: '[1].key_version' ") == true)
            #expect(try await api.call(.get, "transit/keys/batch").status == 404)
        }
    }

    @Test func automaticRotationHappensWhenDue() async throws {
        let clock = ManualClock()
        try await Self.run(clock: clock) { api in
            let created = try await api.call(.post, "transit/keys/app", json: ["auto_rotate_period": "1h"])
            #expect(created.data?["latest_version"] == 1)
            clock.advance(seconds: 3599)
            #expect(
                try await api.call(.post, "transit/encrypt/app", json: ["plaintext": "aGk="]).data?["key_version"] == 1)
            clock.advance(seconds: 2)
            let rotated = try await api.call(.post, "transit/encrypt/app", json: ["plaintext": "aGk="])
            #expect(rotated.data?["key_version"] == 2)
            let read = try await api.call(.get, "transit/keys/app")
            #expect(read.data?["latest_version"] == 2)
            #expect(read.data?["keys"]?["2"] == .int(clock.now.nanoseconds / 1_000_000_000))
        }
    }

    @Test func exportedKeysOpenTheCiphertextsAndVerifyTheSignatures() async throws {
        try await Self.run(clock: ManualClock()) { api in
            _ = try await api.call(.post, "transit/keys/aes", json: ["exportable": true])
            let sealed = try await api.call(.post, "transit/encrypt/aes", json: ["plaintext": "c2VjcmV0"])
            let text = try #require(sealed.data?["ciphertext"]?.stringValue)
            let exported = try await api.call(.get, "transit/export/encryption-key/aes/1")
            let key = try #require(exported.data?["keys"]?["1"]?.stringValue.flatMap { Data(base64Encoded: $0) })
            let bytes = try #require(Data(base64Encoded: String(text.dropFirst("vault:v1:".count))))
            let box = try AES.GCM.SealedBox(combined: bytes)
            #expect(try AES.GCM.open(box, using: SymmetricKey(data: key)) == Data("secret".utf8))

            _ = try await api.call(.post, "transit/keys/ed", json: ["type": "ed25519"])
            let publicKey = try #require(
                try await api.call(.get, "transit/keys/ed").data?["keys"]?["1"]?["public_key"]?.stringValue)
            let signed = try await api.call(.post, "transit/sign/ed", json: ["input": "c2VjcmV0"])
            let signature = try #require(signed.data?["signature"]?.stringValue)
            let verifier = try Curve25519.Signing.PublicKey(
                rawRepresentation: try #require(Data(base64Encoded: publicKey)))
            let signatureBytes = try #require(Data(base64Encoded: String(signature.dropFirst("vault:v1:".count))))
            #expect(verifier.isValidSignature(signatureBytes, for: Data("secret".utf8)))
        }
    }

    @Test func keysSurviveARestartOnSQLite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-test-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("coffer.db").path
        let logger = Logger(label: "coffer-test")
        let first = try await SQLiteStorage.open(path: path, logger: logger)
        let (keys, token, ciphertext) = try await TestServer(storage: first).run { api in
            let initialized = try await api.call(
                .put, "sys/init", token: nil, json: ["secret_shares": 1, "secret_threshold": 1])
            let keys = try #require(initialized.body?["keys"]?.stringArray)
            let token = try #require(initialized.body?["root_token"]?.stringValue)
            _ = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(keys[0])])
            _ = try await api.call(.post, "sys/mounts/transit", token: token, json: ["type": "transit"])
            _ = try await api.call(.post, "transit/keys/app/rotate", token: token)
            let sealed = try await api.call(.post, "transit/encrypt/app", token: token, json: ["plaintext": "aGk="])
            return (keys, token, try #require(sealed.data?["ciphertext"]?.stringValue))
        }
        await first.close()

        let second = try await SQLiteStorage.open(path: path, logger: logger)
        try await TestServer(storage: second).run { api in
            _ = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(keys[0])])
            let opened = try await api.call(
                .post, "transit/decrypt/app", token: token, json: ["ciphertext": .string(ciphertext)])
            #expect(opened.data?["plaintext"] == "aGk=")
        }
        await second.close()
        let stored = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(stored.range(of: Data("aes256-gcm96".utf8)) == nil)
    }
}
