import CofferAPI

/// One row of the mount table: where an engine is mounted and how it is configured.
public struct MountEntry: Sendable, Codable, Equatable {
    /// The mount point with its trailing slash, e.g. `secret/`.
    public var path: String
    public var type: String
    public var description: String
    public var accessor: String
    public var uuid: String
    public var options: [String: String]
    public var defaultLeaseTTL: Int64
    public var maxLeaseTTL: Int64
    public var local: Bool
    public var sealWrap: Bool
    /// `unauth` lists the mount in `sys/internal/ui/mounts` without a token; nil: not listed.
    public var listingVisibility: String?
    public var auditNonHMACRequestKeys: [String]?
    public var auditNonHMACResponseKeys: [String]?

    public init(
        path: String, type: String, description: String, accessor: String, uuid: String,
        options: [String: String] = [:], defaultLeaseTTL: Int64 = 0, maxLeaseTTL: Int64 = 0,
        local: Bool = false, sealWrap: Bool = false
    ) {
        self.path = path
        self.type = type
        self.description = description
        self.accessor = accessor
        self.uuid = uuid
        self.options = options
        self.defaultLeaseTTL = defaultLeaseTTL
        self.maxLeaseTTL = maxLeaseTTL
        self.local = local
        self.sealWrap = sealWrap
    }

    /// The optional tuned settings that are shown only once set.
    public var tunedSettings: [String: JSONValue] {
        var settings: [String: JSONValue] = [:]
        if let listingVisibility { settings["listing_visibility"] = .string(listingVisibility) }
        if let keys = auditNonHMACRequestKeys {
            settings["audit_non_hmac_request_keys"] = .array(keys.map { .string($0) })
        }
        if let keys = auditNonHMACResponseKeys {
            settings["audit_non_hmac_response_keys"] = .array(keys.map { .string($0) })
        }
        return settings
    }

    /// Types served by the core itself rather than a registered engine.
    static let builtinTypes: Set<String> = ["system", "token", "cubbyhole"]

    /// The entry as `sys/mounts` lists it.
    public var apiValue: JSONValue {
        var value: [String: JSONValue] = [
            "type": .string(type),
            "description": .string(description),
            "accessor": .string(accessor),
            "uuid": .string(uuid),
            "config": [
                "default_lease_ttl": .int(defaultLeaseTTL),
                "max_lease_ttl": .int(maxLeaseTTL),
                "force_no_cache": false,
            ],
            "options": Self.builtinTypes.contains(type)
                ? .null : .object(options.filter { $0.key != "token_type" }.mapValues { .string($0) }),
            "local": .bool(local),
            "seal_wrap": .bool(sealWrap),
            "external_entropy_access": false,
            "plugin_version": "",
            "running_plugin_version": .string("v\(CofferVersion.current)+builtin.coffer"),
            "running_sha256": "",
        ]
        if !Self.builtinTypes.contains(type) { value["deprecation_status"] = "supported" }
        if case .object(var config) = value["config"] {
            if path.hasBytePrefix(MountTable.authPrefix) {
                config["token_type"] = .string(options["token_type"] ?? "default-service")
            }
            config.merge(tunedSettings) { _, tuned in tuned }
            value["config"] = .object(config)
        }
        return .object(value)
    }
}
