import ArgumentParser
import CofferHTTP
import Logging

/// `coffer server`: runs the server from `-config` files, or in dev mode.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Start a Coffer server.",
        discussion: """
            With -dev: in memory, initialized and unsealed, one unseal key, a KV version 2 engine at secret/.
            Otherwise reads -config (HCL or JSON; repeatable; a directory means every .hcl and .json in it).
            """)

    @Option(name: .customLong("config", withSingleDash: true), help: "A configuration file or directory.")
    var config: [String] = []

    @Flag(name: .customLong("dev", withSingleDash: true), help: "Start a development server in memory.")
    var dev = false

    @Option(name: .customLong("dev-root-token-id", withSingleDash: true), help: "The root token's value in dev mode.")
    var devRootTokenID: String?

    @Option(name: .customLong("dev-listen-address", withSingleDash: true), help: "Dev mode's listen address.")
    var devListenAddress = "127.0.0.1:8200"

    @Option(name: .customLong("log-level", withSingleDash: true), help: "trace, debug, info, warn or error.")
    var logLevel: String?

    func validate() throws {
        if !dev && config.isEmpty {
            throw ValidationError("give -config=FILE, or -dev for a development server")
        }
    }

    func run() async throws {
        var settings = try dev ? devConfig() : ConfigLoader.load(paths: config)
        if let logLevel { settings.logLevel = logLevel }
        if settings.storage == nil {
            throw ValidationError("the configuration has no storage block; add storage \"sqlite\" { path = \"…\" }")
        }
        if settings.listeners.isEmpty {
            throw ValidationError("the configuration has no listener block; add listener \"tcp\" { … }")
        }
        try await ServerRunner(config: settings, devRootTokenID: dev ? (devRootTokenID ?? "") : nil).run()
    }

    private func devConfig() throws -> ServerConfig {
        var settings = config.isEmpty ? ServerConfig() : try ConfigLoader.load(paths: config)
        let parts = devListenAddress.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let port = Int(parts.last!) else {
            throw ValidationError("-dev-listen-address must be host:port")
        }
        settings.storage = .inMemory
        settings.listeners = [ListenerSettings(host: parts.dropLast().joined(separator: ":"), port: port)]
        return settings
    }
}
