/// The answer of `GET /v1/sys/seal-status`, also returned by `PUT /v1/sys/unseal`.
public struct SealStatus: Decodable, Sendable, Equatable {
    /// The seal's kind, such as `shamir`.
    public var type: String?
    /// Whether `sys/init` has run.
    public var initialized: Bool
    /// Whether the server is sealed.
    public var sealed: Bool
    /// Key shares needed to unseal.
    public var threshold: Int
    /// Key shares made at init.
    public var shares: Int
    /// Key shares given so far in the current unseal attempt.
    public var progress: Int
    /// Identifies the current unseal attempt; empty when none is under way.
    public var nonce: String?
    /// The server's version.
    public var version: String?
    /// When the server's version was committed.
    public var commitDate: String?
    /// Whether a seal migration is under way.
    public var migration: Bool?
    /// The cluster's name, once unsealed.
    public var clusterName: String?
    /// The cluster's identifier, once unsealed.
    public var clusterID: String?
    /// Whether recovery keys stand in for unseal keys (auto-unseal).
    public var recoverySeal: Bool?
    /// The storage backend's kind.
    public var storageType: String?
    /// When the server was built.
    public var buildDate: String?

    /// A status with the required fields; the others are absent.
    public init(initialized: Bool, sealed: Bool, threshold: Int, shares: Int, progress: Int) {
        self.initialized = initialized
        self.sealed = sealed
        self.threshold = threshold
        self.shares = shares
        self.progress = progress
    }

    enum CodingKeys: String, CodingKey {
        case type, initialized, sealed, progress, nonce, version, migration
        case threshold = "t"
        case shares = "n"
        case commitDate = "commit_date"
        case clusterName = "cluster_name"
        case clusterID = "cluster_id"
        case recoverySeal = "recovery_seal"
        case storageType = "storage_type"
        case buildDate = "build_date"
    }
}
