/// A stored token: what it may do and where it came from. Never holds the token itself.
public struct TokenEntry: Sendable, Codable, Equatable {
    public var accessor: String
    public var policies: [String]
    public var displayName: String
    public var path: String
    public var creationTime: Int64

    /// True for tokens carrying the `root` policy, which every check grants.
    public var isRoot: Bool { policies.contains("root") }
}
