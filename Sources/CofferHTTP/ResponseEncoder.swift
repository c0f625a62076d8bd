import CofferAPI
import CofferCore
import Hummingbird

/// Frames core answers and errors as Vault does: envelope, raw body, 204, or `{"errors": [...]}`.
enum ResponseEncoder {
    static func encode(_ answer: CoreResponse, head: Bool) -> Hummingbird.Response {
        let response = answer.response
        switch response.framing {
        case .raw:
            return make(status: response.status ?? 200, body: .object(response.data ?? [:]), head: head)
        case .envelope where response.data == nil && response.auth == nil && response.warnings.isEmpty:
            return make(status: response.status ?? 204, body: nil, head: head)
        case .envelope, .envelopeAndRaw:
            var body = envelope(answer)
            if response.framing == .envelopeAndRaw {
                for (key, value) in response.data ?? [:] where body[key] == nil { body[key] = value }
            }
            return make(status: response.status ?? 200, body: .object(body), head: head)
        }
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
        case .sealed: return 503
        case .internalError: return 500
        }
    }

    private static func envelope(_ answer: CoreResponse) -> [String: JSONValue] {
        let response = answer.response
        return [
            "request_id": .string(answer.requestID),
            "lease_id": "",
            "renewable": .bool(response.renewable),
            "lease_duration": .int(response.leaseDuration),
            "data": response.data.map { .object($0) } ?? .null,
            "wrap_info": .null,
            "warnings": response.warnings.isEmpty ? .null : .array(response.warnings.map { .string($0) }),
            "auth": response.auth.map { .object($0) } ?? .null,
        ]
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
