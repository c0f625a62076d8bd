/// Every error the core returns to a client; the HTTP layer maps `code` to a status.
///
/// Messages are safe to show: they never contain a token or a secret value.
public struct CoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, which decides the HTTP status.
    public enum Code: Sendable, Equatable {
        /// 400: the request is malformed or its values invalid.
        case badRequest
        /// 403: no token, a bad token, or no policy grants the capability.
        case permissionDenied
        /// 404: nothing at the path (possibly with no message at all, as KV answers).
        case notFound
        /// 405: the path exists but does not support the operation.
        case unsupportedOperation
        /// 413: the body exceeds the listener's `max_request_size`.
        case requestTooLarge
        /// 415: the body's content type is not one the operation accepts.
        case unsupportedMediaType
        /// 429: too much of a bounded kind of work is in flight; retry later.
        case tooManyRequests
        /// 503: the server is sealed or not initialized.
        case sealed
        /// 500: a fault in the server or its storage.
        case internalError
    }

    public let code: Code
    public let messages: [String]
    /// A login refused for its credentials: the audit log names it `invalid credentials`, as the
    /// reference does, so failed logins can be found without the message.
    public private(set) var rejectsCredentials = false

    public init(_ code: Code, _ messages: [String]) {
        self.code = code
        self.messages = messages
    }

    public var description: String { messages.joined(separator: "; ") }

    public static func badRequest(_ message: String) -> CoreError { CoreError(.badRequest, [message]) }
    /// A 400 for a login whose credentials do not match.
    public static func invalidCredentials(_ message: String) -> CoreError {
        var error = CoreError(.badRequest, [message])
        error.rejectsCredentials = true
        return error
    }
    public static let permissionDenied = CoreError(.permissionDenied, ["permission denied"])
    /// A live token whose policies do not grant the request (Vault words it as a one-error list).
    public static let policyDenied = CoreError(.permissionDenied, ["1 error occurred:\n\t* permission denied\n\n"])
    public static let sealed = CoreError(.sealed, ["Vault is sealed"])
    public static let notFoundEmpty = CoreError(.notFound, [])
    public static func unsupportedPath(_ path: String) -> CoreError {
        CoreError(.notFound, ["no handler for route \"\(path)\". route entry not found."])
    }
    /// A path inside a mount that its backend does not serve.
    public static let unsupportedPathInMount = CoreError(.notFound, ["1 error occurred:\n\t* unsupported path\n\n"])
    public static let unsupportedOperation = CoreError(.unsupportedOperation, [])
    public static func internalError(_ message: String) -> CoreError { CoreError(.internalError, [message]) }
}
