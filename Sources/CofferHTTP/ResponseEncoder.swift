import CofferAPI
import CofferCore

/// An answer ready for the wire: the status and the JSON body, nil when there is none to send
/// (204, or any answer to `HEAD`). Every answer is `application/json` with `Cache-Control: no-store`.
public struct VaultAnswer: Sendable {
    public let status: Int
    public let body: [UInt8]?
    /// The answer to a `HEAD` request: headers only, `Content-Length: 0` unless the status is 204.
    public let isHead: Bool
    /// Where a redirect sends the client (`Location`).
    public let location: String?

    /// As Go's server frames a handler's answer: an informational status (1xx, which a handler of
    /// `sys/health` may ask for) ends as a 200, and 204 and 304 carry no body.
    public init(status: Int, body: [UInt8]?, isHead: Bool, location: String? = nil) {
        self.status = (100..<200).contains(status) ? 200 : status
        self.body = status == 204 || status == 304 ? nil : body
        self.isHead = isHead
        self.location = location
    }
}

/// Frames core answers and errors as Vault does: envelope, raw body, 204, or `{"errors": [...]}`.
enum ResponseEncoder {
    static func encode(_ answer: CoreResponse, head: Bool) -> VaultAnswer {
        if answer.isEmpty { return make(status: answer.response.status ?? 204, body: nil, head: head) }
        let status = answer.response.status ?? 200
        return VaultAnswer(status: status, body: head ? nil : answer.serializedBody(), isHead: head)
    }

    static func encode(_ error: CoreError, head: Bool) -> VaultAnswer {
        make(status: status(of: error.code), body: ["errors": .array(error.messages.map { .string($0) })], head: head)
    }

    static func status(of code: CoreError.Code) -> Int {
        switch code {
        case .badRequest: return 400
        case .permissionDenied: return 403
        case .notFound: return 404
        case .unsupportedOperation: return 405
        case .requestTooLarge: return 413
        case .unsupportedMediaType: return 415
        case .tooManyRequests: return 429
        case .sealed: return 503
        case .internalError: return 500
        }
    }

    private static func make(status: Int, body: JSONValue?, head: Bool) -> VaultAnswer {
        VaultAnswer(status: status, body: head ? nil : body?.serialized(), isHead: head)
    }
}
