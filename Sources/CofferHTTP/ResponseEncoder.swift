import CofferAPI
import CofferCore
import Hummingbird

/// Frames core answers and errors as Vault does: envelope, raw body, 204, or `{"errors": [...]}`.
enum ResponseEncoder {
    static func encode(_ answer: CoreResponse, head: Bool) -> Hummingbird.Response {
        if answer.isEmpty { return make(status: answer.response.status ?? 204, body: nil, head: head) }
        return make(status: answer.response.status ?? 200, body: .object(answer.body), head: head)
    }

    static func encode(_ error: CoreError, head: Bool) -> Hummingbird.Response {
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
        case .sealed: return 503
        case .internalError: return 500
        }
    }

    private static func make(status: Int, body: JSONValue?, head: Bool) -> Hummingbird.Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        guard let body, !head else {
            return Hummingbird.Response(status: .init(code: status), headers: headers)
        }
        let bytes = body.serialized()
        headers[.contentLength] = String(bytes.count)
        return Hummingbird.Response(
            status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
