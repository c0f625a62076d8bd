import CofferHCL

/// Why a policy could not be parsed, stored or found; the message names the problem and, for
/// policy text, the line and column, and never contains a secret.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for callers to map to a status.
    public enum Code: Sendable, Equatable {
        /// The text is neither valid HCL nor valid JSON.
        case syntax
        /// The text parses but is not a valid policy: an unknown key or capability, a bad value.
        case invalidRule
        /// The policy name is empty or holds a character a name may not.
        case invalidName
        /// The operation would change a built-in policy that must not change (`root`, `default`).
        case protected
        /// The store is not loaded: the server is sealed.
        case sealed
        /// Storage failed with this code.
        case storage(StorageError.Code)
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, fit to show the policy's author.
    public let message: String
    /// Where in the policy text the problem is, when it is in the text.
    public let position: HCLPosition?

    /// A failure of kind `code`, explained by `message`, optionally located in the policy text.
    public init(_ code: Code, _ message: String, at position: HCLPosition? = nil) {
        self.code = code
        self.message = message
        self.position = position
    }

    /// The same failure as `error`, seen from the policy store.
    public init(_ error: StorageError) {
        self.init(.storage(error.code), error.message)
    }

    /// The message.
    public var description: String { message }

    /// A rule error at `position`: `line:column: detail`.
    static func invalid(_ detail: String, at position: HCLPosition?) -> PolicyError {
        let location = position.map { "\($0): " } ?? ""
        return PolicyError(.invalidRule, location + detail, at: position)
    }

    /// A syntax error at `position`: `line:column: detail`.
    static func syntax(_ detail: String, at position: HCLPosition) -> PolicyError {
        PolicyError(.syntax, "\(position): \(detail)", at: position)
    }

    /// The store is sealed.
    static let sealed = PolicyError(.sealed, "Vault is sealed")
}
