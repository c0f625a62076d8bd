/// The contents of a file, a block or an object: attributes and blocks, each in source order.
public struct HCLBody: Sendable, Equatable {
    /// The `key = value` items, in source order; a key may repeat.
    public var attributes: [HCLAttribute]
    /// The blocks, in source order.
    public var blocks: [HCLBlock]

    /// Creates a body, empty by default.
    public init(attributes: [HCLAttribute] = [], blocks: [HCLBlock] = []) {
        self.attributes = attributes
        self.blocks = blocks
    }

    /// The attribute named `name`; when the key repeats, the last one wins.
    public func attribute(_ name: String) -> HCLAttribute? {
        attributes.last { $0.name == name }
    }

    /// The blocks of type `type`, in source order.
    public func blocks(ofType type: String) -> [HCLBlock] {
        blocks.filter { $0.type == type }
    }
}
