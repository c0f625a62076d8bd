import CofferHCL

/// One `path "<pattern>" { … }` stanza of a policy, validated.
public struct PathRule: Sendable, Equatable {
    /// The pattern as written, without a leading `/`.
    public var pattern: String { glob.pattern }
    /// What the stanza grants; a stanza naming `deny` holds `deny` alone.
    public let capabilities: Capabilities
    /// Which request parameters the stanza allows, denies and requires.
    public let parameters: ParameterConstraints
    /// The shortest response-wrapping TTL, in seconds, a request may ask for; nil when unbounded.
    public let minWrappingTTL: Int64?
    /// The longest response-wrapping TTL, in seconds, a request may ask for; nil when unbounded.
    public let maxWrappingTTL: Int64?
    /// Where the stanza starts in the policy text.
    public let position: HCLPosition
    /// The pattern taken apart for matching.
    let glob: PathGlob

    /// A stanza for `glob`; a `deny` among `capabilities` drops every other grant and constraint.
    init(
        glob: PathGlob, capabilities: Capabilities, parameters: ParameterConstraints, minWrappingTTL: Int64?,
        maxWrappingTTL: Int64?, position: HCLPosition
    ) {
        let denies = capabilities.contains(.deny)
        self.glob = glob
        self.capabilities = denies ? .deny : capabilities
        self.parameters = denies ? ParameterConstraints() : parameters
        self.minWrappingTTL = denies ? nil : minWrappingTTL
        self.maxWrappingTTL = denies ? nil : maxWrappingTTL
        self.position = position
    }
}
