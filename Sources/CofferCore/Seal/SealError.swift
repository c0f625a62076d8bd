/// Why a seal operation failed; the message never contains a key, a share or a secret.
public struct SealError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Equatable {
        /// The share count or threshold is out of range (Vault's "invalid seal configuration").
        case invalidShareConfiguration
        /// The shares cannot be combined: too few, of different lengths, duplicated or malformed.
        case invalidShares
        /// A root key of the wrong size was offered to initialize the barrier.
        case invalidKey
        /// The key does not open the keyring.
        case wrongKey
        /// No keyring exists yet.
        case notInitialized
        /// A keyring exists already.
        case alreadyInitialized
        /// The storage below the barrier failed with this code.
        case storage(StorageError.Code)
    }

    /// The kind of failure, for callers to map to a status.
    public let code: Code
    /// What went wrong, fit to show an operator.
    public let message: String

    /// A failure of kind `code`, explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The same failure as `error`, seen from a seal operation.
    public init(_ error: StorageError) {
        self.init(.storage(error.code), error.message)
    }

    /// The message.
    public var description: String { message }
}
