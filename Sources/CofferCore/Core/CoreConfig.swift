/// Server-wide settings the core needs (from the config file or dev flags).
public struct CoreConfig: Sendable {
    /// TTL of leases and tokens when neither request nor mount sets one (seconds).
    public var defaultLeaseTTL: Int64
    /// Upper bound for any lease or token TTL (seconds).
    public var maxLeaseTTL: Int64
    public var clusterName: String
    /// The address clients should use for this node, reported by `sys/leader`.
    public var apiAddress: String
    /// The storage backend's name as `sys/seal-status` reports it (`inmem`, `sqlite`).
    public var storageType: String
    /// Whether `sys/audit/<path>` may enable devices (`unsafe_allow_api_audit_creation`); without
    /// it, devices come from the config file only, as the reference requires.
    public var allowsAPIAuditCreation = false
    /// Whether devices may write a `prefix` before each line (`allow_audit_log_prefixing`).
    public var allowsAuditLogPrefixing = false
    /// The audit devices the config file declares, enabled at every unseal.
    public var declaredAuditDevices: [AuditDeviceEntry] = []

    public init(
        defaultLeaseTTL: Int64 = 768 * 3600, maxLeaseTTL: Int64 = 768 * 3600,
        clusterName: String = "coffer-cluster", apiAddress: String = "", storageType: String = "inmem"
    ) {
        self.storageType = storageType
        self.defaultLeaseTTL = defaultLeaseTTL
        self.maxLeaseTTL = maxLeaseTTL
        self.clusterName = clusterName
        self.apiAddress = apiAddress
    }
}
