/// What an engine needs when it is mounted.
public struct MountContext: Sendable {
    public let entry: MountEntry
    /// The mount's private storage, behind the barrier.
    public let storage: any Storage
}

/// The engine types the server can mount, by type name (`kv`, …), and the auth method types it
/// can enable under `auth/` (`approle`, …).
public struct EngineRegistry: Sendable {
    /// Builds a backend for a mount of one type.
    public typealias Factory = @Sendable (MountContext) throws(CoreError) -> any Backend

    /// Migrates a mount's data when its options change (e.g. KV version 1 to 2); returns warnings.
    public typealias OptionsChange =
        @Sendable (_ context: MountContext, _ newOptions: [String: String]) async throws(CoreError) -> [String]

    private var factories: [String: Factory] = [:]
    private var credentialFactories: [String: Factory] = [:]
    private var optionChanges: [String: OptionsChange] = [:]
    private var aliases: [String: (type: String, options: [String: String])] = [:]

    public init() {}

    /// Makes `type` mountable.
    public mutating func register(_ type: String, factory: @escaping Factory) {
        factories[type] = factory
    }

    /// Makes `type` an auth method that `sys/auth` can enable.
    public mutating func registerCredential(_ type: String, factory: @escaping Factory) {
        credentialFactories[type] = factory
    }

    /// Whether `type` is a known auth method.
    func isCredential(_ type: String) -> Bool { credentialFactories[type] != nil }

    /// Lets engines of `type` react to option changes made by `sys/mounts/<path>/tune`.
    public mutating func onOptionsChange(_ type: String, _ change: @escaping OptionsChange) {
        optionChanges[type] = change
    }

    func optionsChanged(_ context: MountContext, to options: [String: String]) async throws(CoreError) -> [String] {
        try await optionChanges[context.entry.type]?(context, options) ?? []
    }

    /// Makes `alias` mount `type` with `options` (e.g. `kv-v2` → `kv` version 2).
    public mutating func registerAlias(_ alias: String, of type: String, options: [String: String]) {
        aliases[alias] = (type, options)
    }

    /// The canonical type and options for a requested type, or nil when unknown.
    func resolve(_ type: String) -> (type: String, options: [String: String])? {
        if factories[type] != nil { return (type, [:]) }
        return aliases[type]
    }

    func make(_ context: MountContext) throws(CoreError) -> any Backend {
        let isAuth = context.entry.path.hasBytePrefix(MountTable.authPrefix)
        guard let factory = isAuth ? credentialFactories[context.entry.type] : factories[context.entry.type] else {
            throw .internalError("no engine of type \"\(context.entry.type)\" is available")
        }
        return try factory(context)
    }
}
