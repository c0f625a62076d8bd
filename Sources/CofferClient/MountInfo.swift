/// One entry of `GET /v1/sys/mounts`: a secrets engine enabled at a path.
public struct MountInfo: Decodable, Sendable, Equatable {
    /// The engine's type, such as `kv` or `transit`.
    public var type: String
    /// The operator's description.
    public var description: String?
    /// The mount's accessor, stable for its lifetime.
    public var accessor: String?
    /// The mount's unique identifier.
    public var uuid: String?
    /// Tunables: `default_lease_ttl`, `max_lease_ttl`, `force_no_cache`, …
    public var config: JSONValue?
    /// Engine options, such as `version` for kv.
    public var options: JSONValue?
    /// Whether the mount is local to this cluster (not replicated).
    public var local: Bool?
    /// Whether seal wrapping is on.
    public var sealWrap: Bool?
    /// Whether the engine may read external entropy.
    public var externalEntropyAccess: Bool?
    /// The requested plugin version; empty for the built-in one.
    public var pluginVersion: String?
    /// The plugin version actually running.
    public var runningPluginVersion: String?
    /// The running plugin's SHA-256, empty for built-ins.
    public var runningSha256: String?
    /// `supported`, `deprecated`, … or empty.
    public var deprecationStatus: String?

    /// A mount of `type` with nothing else known.
    public init(type: String) {
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case type, description, accessor, uuid, config, options, local
        case sealWrap = "seal_wrap"
        case externalEntropyAccess = "external_entropy_access"
        case pluginVersion = "plugin_version"
        case runningPluginVersion = "running_plugin_version"
        case runningSha256 = "running_sha256"
        case deprecationStatus = "deprecation_status"
    }
}
