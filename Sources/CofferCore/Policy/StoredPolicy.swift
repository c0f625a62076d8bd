/// A policy as `sys/policy/<name>` returns it: the name and the text exactly as it was written.
public struct StoredPolicy: Sendable, Equatable, Codable {
    /// The policy's name, lowercased.
    public let name: String
    /// The policy text as given, HCL or JSON; empty for `root`, which has no text.
    public let text: String
    /// How many times the policy was written (1 after the first write; 0 for `root`).
    public var version: Int
    /// When it was last written (unix seconds), nil for `root`.
    public var modified: Int64?

    /// A stored policy named `name` with `text`.
    public init(name: String, text: String, version: Int = 0, modified: Int64? = nil) {
        self.name = name
        self.text = text
        self.version = version
        self.modified = modified
    }

    private enum CodingKeys: String, CodingKey {
        case name
        case text = "policy"
        case version
        case modified
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        text = try container.decode(String.self, forKey: .text)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        modified = try container.decodeIfPresent(Int64.self, forKey: .modified)
    }
}
