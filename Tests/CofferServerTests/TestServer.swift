import CofferAPI
import CofferAuth
import CofferCore
import CofferHTTP
import CofferSecrets
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// An in-process server on a given storage, driven through the real HTTP layer.
struct TestServer {
    let core: Core
    let maxRequestSize: Int

    init(
        storage: any Storage = InMemoryStorage(), maxRequestSize: Int = ListenerSettings.defaultMaxRequestSize,
        clock: TestClock = TestClock(), extraEngines: (inout EngineRegistry) -> Void = { _ in },
        configure: (inout CoreConfig) -> Void = { _ in }
    ) {
        var engines = EngineRegistry()
        SecretEngines.register(in: &engines, defaultLeaseTTL: 768 * 3600)
        AuthMethods.register(in: &engines)
        extraEngines(&engines)
        var logger = Logger(label: "coffer-test")
        logger.logLevel = .critical
        var config = CoreConfig(storageType: "inmem")
        configure(&config)
        core = Core(storage: storage, engines: engines, config: config, logger: logger, now: { clock.now })
        self.maxRequestSize = maxRequestSize
    }

    /// A dev-mode server: unsealed, root token "root", KV version 2 at secret/.
    static func dev(clock: TestClock = TestClock()) async throws -> TestServer {
        let server = TestServer(clock: clock)
        _ = try await server.core.startDev(rootTokenID: "root")
        return server
    }

    /// Runs `test` against a dev server (root token "root") built with `engines`, on a live listener.
    static func runDev(engines: EngineRegistry, _ test: @Sendable (APIClient) async throws -> Void) async throws {
        var logger = Logger(label: "coffer-test")
        logger.logLevel = .critical
        let core = Core(
            storage: InMemoryStorage(), engines: engines, config: CoreConfig(storageType: "inmem"), logger: logger)
        _ = try await core.startDev(rootTokenID: "root")
        let listener = ListenerSettings(
            host: "127.0.0.1", port: 0, maxRequestSize: ListenerSettings.defaultMaxRequestSize)
        let app = try HTTPServer.application(core: core, listener: listener, logger: logger)
        try await app.test(.live) { client in try await test(APIClient(client: client)) }
    }

    /// Runs `test` against the server on a live loopback listener, or with `.router` through
    /// Hummingbird's in-process client, which calls the responder without the listener's channel.
    func run<Value: Sendable>(
        _ setup: TestingSetup = .live, _ test: @Sendable (APIClient) async throws -> Value
    ) async throws -> Value {
        let listener = ListenerSettings(host: "127.0.0.1", port: 0, maxRequestSize: maxRequestSize)
        let app = try HTTPServer.application(core: core, listener: listener, logger: Logger(label: "coffer-test"))
        return try await app.test(setup) { client in
            try await test(APIClient(client: client))
        }
    }
}

/// A decoded answer: status, headers, and the JSON body (nil when empty).
struct APIResponse: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: JSONValue?
    let rawBody: String

    var errors: [String]? { body?["errors"]?.stringArray }
    var data: JSONValue? { body?["data"] }
}

/// Sends Vault API requests to the in-process server.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String? = "root", json: JSONValue? = nil,
        rawBody: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = extra
        if let token { headers[HTTPField.Name("X-Vault-Token")!] = token }
        var body: ByteBuffer?
        if let json { body = ByteBuffer(bytes: json.serialized()) }
        if let rawBody { body = ByteBuffer(string: rawBody) }
        return try await client.execute(uri: "/v1/" + path, method: method, headers: headers, body: body) { response in
            let text = String(buffer: response.body)
            let decoded = text.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            return APIResponse(
                status: Int(response.status.code), headers: response.headers, body: decoded, rawBody: text)
        }
    }

    func list(_ path: String, token: String? = "root") async throws -> APIResponse {
        try await call(HTTPRequest.Method("LIST")!, path, token: token)
    }

    /// Mounts a KV version 1 engine at `path`; dev mode's `secret/` is version 2, as in Vault.
    func enableKVv1(at path: String = "kv") async throws {
        let mounted = try await call(.post, "sys/mounts/" + path, json: ["type": "kv", "options": ["version": "1"]])
        try #require(mounted.status == 204, "mounting KV v1 at \(path): \(mounted.rawBody)")
    }
}

extension JSONValue {
    /// The elements as strings when this is an array of strings, else nil.
    var stringArray: [String]? {
        guard let elements = arrayValue else { return nil }
        let strings = elements.compactMap { $0.stringValue }
        return strings.count == elements.count ? strings : nil
    }
}
