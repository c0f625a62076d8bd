/// The answer of `GET /v1/sys/leader`: whether high availability is on and who is active.
public struct LeaderStatus: Decodable, Sendable, Equatable {
    /// Whether the storage backend runs the server in high-availability mode.
    public var haEnabled: Bool
    /// Whether the answering node is the active one.
    public var isSelf: Bool?
    /// Since when the answering node has been active (RFC 3339).
    public var activeTime: String?
    /// The API address of the active node.
    public var leaderAddress: String?
    /// The cluster address of the active node.
    public var leaderClusterAddress: String?

    /// A status saying only whether high availability is on.
    public init(haEnabled: Bool) {
        self.haEnabled = haEnabled
    }

    enum CodingKeys: String, CodingKey {
        case haEnabled = "ha_enabled"
        case isSelf = "is_self"
        case activeTime = "active_time"
        case leaderAddress = "leader_address"
        case leaderClusterAddress = "leader_cluster_address"
    }
}
