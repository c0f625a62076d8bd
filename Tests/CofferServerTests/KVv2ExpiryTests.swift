import CofferAPI
import CofferCore
import CofferHTTP
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import CofferSecrets

/// `delete_version_after` and the engine's time stamps, on a clock the test moves by hand.
@Suite("KV version 2 automatic deletion")
struct KVv2ExpiryTests {
    /// A dev server whose `kv` mounts are all version 2 on `clock`; `secret/` is one.
    static func run(clock: ManualClock, _ test: @Sendable (APIClient) async throws -> Void) async throws {
        var engines = EngineRegistry()
        engines.register("kv") { _ throws(CoreError) in KVv2Backend(now: { clock.now }) }
        try await TestServer.runDev(engines: engines, test)
    }

    @Test func timesAreRFC3339WithNanoseconds() {
        #expect(Timestamp(nanoseconds: 1_795_318_812_123_456_789).rfc3339 == "2026-11-22T03:40:12.123456789Z")
        #expect(Timestamp(nanoseconds: 1_795_318_812_120_000_000).rfc3339 == "2026-11-22T03:40:12.12Z")
        #expect(Timestamp(nanoseconds: 951_782_400_000_000_000).rfc3339 == "2000-02-29T00:00:00Z")
        #expect(Timestamp(nanoseconds: -1).rfc3339 == "1969-12-31T23:59:59.999999999Z")
    }

    @Test func versionsExpireAfterTheShorterSetting() async throws {
        let clock = ManualClock()
        try await Self.run(clock: clock) { api in
            _ = try await api.call(.post, "secret/config", json: ["delete_version_after": "1h"])
            _ = try await api.call(.post, "secret/metadata/short", json: ["delete_version_after": "30m"])
            _ = try await api.call(.post, "secret/metadata/long", json: ["delete_version_after": "2h"])
            let short = try await api.call(.post, "secret/data/short", json: ["data": ["a": 1]])
            #expect(short.data?["created_time"] == "2026-11-22T03:40:12.123456789Z")
            #expect(short.data?["deletion_time"] == "2026-11-22T04:10:12.123456789Z")
            let long = try await api.call(.post, "secret/data/long", json: ["data": ["a": 1]])
            #expect(long.data?["deletion_time"] == "2026-11-22T04:40:12.123456789Z")

            #expect(try await api.call(.get, "secret/data/short").status == 200)
            clock.advance(seconds: 1800)
            let expired = try await api.call(.get, "secret/data/short")
            #expect(expired.status == 404)
            #expect(expired.data?["data"] == .null)
            #expect(try await api.call(.get, "secret/data/long").status == 200)

            #expect(try await api.call(.post, "secret/undelete/short", json: ["versions": [1]]).status == 204)
            let restored = try await api.call(.get, "secret/data/short")
            #expect(restored.status == 200)
            #expect(restored.data?["metadata"]?["deletion_time"] == "2026-11-22T04:40:12.123456789Z")
        }
    }

    @Test func aNegativeMountSettingTurnsDeletionOff() async throws {
        let clock = ManualClock()
        try await Self.run(clock: clock) { api in
            _ = try await api.call(.post, "secret/config", json: ["delete_version_after": "-1"])
            let written = try await api.call(.post, "secret/data/kept", json: ["data": ["a": 1]])
            #expect(written.data?["deletion_time"] == "")
            clock.advance(seconds: 86_400 * 365)
            #expect(try await api.call(.get, "secret/data/kept").status == 200)
        }
    }
}
