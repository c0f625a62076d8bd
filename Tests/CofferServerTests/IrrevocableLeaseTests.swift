import CofferAPI
import CofferCore
import CofferSQLite
import Foundation
import Logging
import Testing

/// An engine that cannot revoke: retries with backoff, the lease marked irrevocable after the
/// reference's six attempts, kept across a restart, and cleared by `revoke-force`.
@Suite("irrevocable leases")
struct IrrevocableLeaseTests {
    private static func openStorage(_ path: String) async throws -> SQLiteStorage {
        try await SQLiteStorage.open(path: path, logger: Logger(label: "coffer-test"))
    }

    private static func unseal(_ api: APIClient, keys: [String]) async throws {
        for key in keys {
            _ = try await api.call(.put, "sys/unseal", token: nil, json: ["key": .string(key)])
        }
    }

    private static func irrevocable(_ api: APIClient, token: String) async throws -> APIResponse {
        try await api.call(.get, "sys/leases?type=irrevocable", token: token)
    }

    @Test func aLeaseThatCannotBeRevokedBecomesIrrevocableSurvivesARestartAndIsForced() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("coffer-test-\(UUID().uuidString)").appendingPathComponent("coffer.db").path
        let clock = TestClock()
        let first = try await Self.openStorage(path)
        let server = LeaseTests.server(clock: clock, storage: first)
        let (keys, token, stuck, pending) = try await server.run { api in
            let initialized = try await api.call(
                .put, "sys/init", token: nil, json: ["secret_shares": 1, "secret_threshold": 1])
            let keys = try #require(initialized.body?["keys"]?.stringArray)
            let token = try #require(initialized.body?["root_token"]?.stringValue)
            try await Self.unseal(api, keys: keys)
            let mounted = try await api.call(.post, "sys/mounts/db", token: token, json: ["type": "lease-test"])
            try #require(mounted.status == 204)
            _ = try await api.call(.put, "db/config", token: token, json: ["fail_revoke": true, "ttl": "60s"])
            let stuck = try #require(try await api.call(.get, "db/creds/app", token: token).body?["lease_id"]?.stringValue)

            clock.advance(by: 61)
            await server.core.revokeDueLeases()
            let retrying = try await api.call(.put, "sys/leases/lookup", token: token, json: ["lease_id": .string(stuck)])
            #expect(retrying.status == 200 && retrying.data?["revoke_error"] == nil)
            for _ in 1..<6 {
                clock.advance(by: 500)
                await server.core.revokeDueLeases()
            }
            let looked = try await api.call(.put, "sys/leases/lookup", token: token, json: ["lease_id": .string(stuck)])
            let error = try #require(looked.data?["revoke_error"]?.stringValue)
            #expect(error == "out of retries: the test database is unreachable")
            #expect(looked.data?["renewable"] == false)
            let renewed = try await api.call(.put, "sys/leases/renew", token: token, json: ["lease_id": .string(stuck)])
            #expect(renewed.errors == ["lease is expired and has failed previous revocation attempts"])

            let accessor = try #require(
                try await api.call(.get, "sys/mounts/db", token: token).data?["accessor"]?.stringValue)
            let counted = try await api.call(.get, "sys/leases/count?type=irrevocable", token: token)
            #expect(counted.data == ["lease_count": 1, "counts": .object([accessor: 1])])
            let listed = try await Self.irrevocable(api, token: token)
            #expect(
                listed.data?["leases"]
                    == .array([
                        ["lease_id": .string(stuck), "mount_id": .string(accessor), "error": .string(error)]
                    ]))

            let pending = try #require(try await api.call(.get, "db/creds/app", token: token).body?["lease_id"]?.stringValue)
            clock.advance(by: 61)
            await server.core.revokeDueLeases()
            return (keys, token, stuck, pending)
        }
        await first.close()

        let second = try await Self.openStorage(path)
        let restarted = LeaseTests.server(clock: clock, storage: second)
        try await restarted.run { api in
            try await Self.unseal(api, keys: keys)
            #expect(try await Self.irrevocable(api, token: token).data?["lease_count"] == 1)

            _ = try await api.call(.put, "db/config", token: token, json: ["fail_revoke": false])
            clock.advance(by: 100)
            await restarted.core.revokeDueLeases()
            #expect(try await api.list("db/revoked", token: token).data?["keys"]?.stringArray?.count == 1)
            let gone = try await api.call(.put, "sys/leases/lookup", token: token, json: ["lease_id": .string(pending)])
            #expect(gone.errors == ["invalid lease"])

            _ = try await api.call(.put, "db/config", token: token, json: ["fail_revoke": true])
            #expect(try await api.call(.put, "sys/leases/revoke", token: token, json: ["lease_id": .string(stuck)]).status == 500)
            #expect(try await api.call(.put, "sys/leases/revoke-force/db/creds", token: token).status == 204)
            #expect(try await Self.irrevocable(api, token: token).data?["lease_count"] == 0)
            let forced = try await api.call(.put, "sys/leases/lookup", token: token, json: ["lease_id": .string(stuck)])
            #expect(forced.errors == ["invalid lease"])
        }
        await second.close()
    }
}
