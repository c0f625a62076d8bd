import CofferAuth
import CofferCore
import CofferHTTP
import CofferSQLite
import CofferSecrets
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Wires a configuration into a running server: storage → core → HTTP listeners, until SIGINT/SIGTERM.
struct ServerRunner {
    let config: ServerConfig
    /// Non-nil in dev mode: the root token to create ("" for a random one).
    let devRootTokenID: String?

    func run() async throws {
        // A file that reaches the process's size limit must fail its write, so an audit device
        // refuses the request, instead of the signal ending the server.
        signal(SIGXFSZ, SIG_IGN)
        let logger = makeLogger()
        let (storage, closeStorage) = try await openStorage(logger: logger)
        let core = makeCore(storage: storage, logger: logger)
        if let devRootTokenID {
            let result = try await core.startDev(rootTokenID: devRootTokenID.isEmpty ? nil : devRootTokenID)
            DevBanner.print(result: result, listener: config.listeners[0])
        }
        var services: [any Service] = []
        for listener in config.listeners {
            services.append(try HTTPServer.application(core: core, listener: listener, logger: logger))
            logger.info(
                "listening",
                metadata: ["address": "\(listener.host):\(listener.port)", "tls": "\(listener.tls != nil)"])
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let reloads = Task { await Self.reopenAuditDevicesOnHangUp(core: core, logger: logger) }
        defer { reloads.cancel() }
        try await group.run()
        await closeStorage()
        logger.info("shut down")
    }

    /// On every SIGHUP, reopens the audit devices' files, so logrotate can move them away.
    private static func reopenAuditDevicesOnHangUp(core: Core, logger: Logger) async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            logger.info("reload triggered by SIGHUP")
            for (path, error) in await core.reopenAuditDevices() {
                logger.error("audit device could not be reopened", metadata: ["device": "\(path)", "error": "\(error)"])
            }
        }
    }

    /// The configured storage and how to close it once the listeners have stopped.
    private func openStorage(logger: Logger) async throws -> (any Storage, @Sendable () async -> Void) {
        switch config.storage ?? .inMemory {
        case .inMemory:
            return (InMemoryStorage(), {})
        case .sqlite(let path):
            let storage = try await SQLiteStorage.open(path: path, logger: logger)
            return (storage, { await storage.close() })
        }
    }

    private func makeCore(storage: any Storage, logger: Logger) -> Core {
        var engines = EngineRegistry()
        let defaultTTL = config.defaultLeaseTTL ?? 768 * 3600
        SecretEngines.register(in: &engines, defaultLeaseTTL: defaultTTL)
        AuthMethods.register(in: &engines)
        var coreConfig = CoreConfig(
            defaultLeaseTTL: defaultTTL, maxLeaseTTL: config.maxLeaseTTL ?? 768 * 3600,
            clusterName: config.clusterName ?? "coffer-cluster", apiAddress: config.apiAddress ?? "",
            storageType: (config.storage ?? .inMemory).typeName)
        coreConfig.allowsAPIAuditCreation = config.allowsAPIAuditCreation ?? false
        coreConfig.allowsAuditLogPrefixing = config.allowsAuditLogPrefixing ?? false
        coreConfig.declaredAuditDevices = config.auditDevices
        return Core(storage: storage, engines: engines, config: coreConfig, logger: logger)
    }

    private func makeLogger() -> Logger {
        var logger = Logger(label: "coffer")
        let level = config.logLevel.map { $0 == "warn" ? "warning" : $0 }
        logger.logLevel = level.flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }
}

/// What `server -dev` prints, as vault's dev mode does: how to reach it and its keys.
enum DevBanner {
    static func print(result: InitResult, listener: ListenerSettings) {
        let address = "http://\(listener.host):\(listener.port)"
        let unsealKey = Data(result.shares[0]).base64EncodedString()
        let banner = """
            ==> Coffer server started in dev mode.

            WARNING! dev mode is enabled! In this mode, Coffer runs entirely in memory,
            starts unsealed with a single unseal key, and listens without TLS.
            Never use dev mode in production.

            You may need to set the following environment variables:

                $ export VAULT_ADDR='\(address)'

            The unseal key and root token are displayed below in case you want to
            seal/unseal the server or re-authenticate.

            Unseal Key: \(unsealKey)
            Root Token: \(result.rootToken)


            """
        FileHandle.standardOutput.write(Data(banner.utf8))
    }
}
