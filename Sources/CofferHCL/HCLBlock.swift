/// `type "label" ... { body }` in an HCL body, such as `path "secret/*" { ... }`.
public struct HCLBlock: Sendable, Equatable {
    /// The first key, such as `path` or `listener`.
    public let type: String
    /// The keys between the type and the braces, unquoted, in order.
    public let labels: [String]
    /// What the braces hold.
    public let body: HCLBody
    /// Where the type starts.
    public let position: HCLPosition

    /// Creates a block whose type starts at `position`.
    public init(type: String, labels: [String], body: HCLBody, position: HCLPosition) {
        self.type = type
        self.labels = labels
        self.body = body
        self.position = position
    }
}
