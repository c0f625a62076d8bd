/// A set of capabilities, one bit each, so checking one is a single AND.
public struct Capabilities: OptionSet, Sendable, Hashable {
    /// One bit per capability.
    public let rawValue: UInt16

    /// The set whose bits are `rawValue`.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The set holding exactly `capability`.
    public init(_ capability: Capability) {
        switch capability {
        case .create: self = .create
        case .read: self = .read
        case .update: self = .update
        case .patch: self = .patch
        case .delete: self = .delete
        case .list: self = .list
        case .sudo: self = .sudo
        case .deny: self = .deny
        }
    }

    /// `create`.
    public static let create = Capabilities(rawValue: 1 << 0)
    /// `read`.
    public static let read = Capabilities(rawValue: 1 << 1)
    /// `update`.
    public static let update = Capabilities(rawValue: 1 << 2)
    /// `patch`.
    public static let patch = Capabilities(rawValue: 1 << 3)
    /// `delete`.
    public static let delete = Capabilities(rawValue: 1 << 4)
    /// `list`.
    public static let list = Capabilities(rawValue: 1 << 5)
    /// `sudo`.
    public static let sudo = Capabilities(rawValue: 1 << 6)
    /// `deny`: a rule carrying it grants nothing.
    public static let deny = Capabilities(rawValue: 1 << 7)

    /// Every granting capability, `sudo` included: what the root policy has everywhere.
    public static let all: Capabilities = [.create, .read, .update, .patch, .delete, .list, .sudo]

    /// True when the set holds `capability`.
    public func contains(_ capability: Capability) -> Bool {
        contains(Capabilities(capability))
    }

    /// The capabilities in the set, in `Capability.allCases` order.
    public var members: [Capability] {
        Capability.allCases.filter { contains($0) }
    }

    /// The capabilities' names, sorted, as `sys/capabilities` lists them.
    public var names: [String] {
        members.map(\.rawValue).sorted()
    }
}
