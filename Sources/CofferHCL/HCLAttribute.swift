/// `name = value` in an HCL body.
public struct HCLAttribute: Sendable, Equatable {
    /// The key, unquoted.
    public let name: String
    /// The value on the right of `=`.
    public let value: HCLValue
    /// Where the key starts.
    public let position: HCLPosition

    /// Creates an attribute whose key starts at `position`.
    public init(name: String, value: HCLValue, position: HCLPosition) {
        self.name = name
        self.value = value
        self.position = position
    }
}
