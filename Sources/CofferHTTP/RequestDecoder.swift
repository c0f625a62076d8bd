import CofferAPI
import CofferCore
import Foundation
import HummingbirdCore
import NIOCore

/// Turns an HTTP request into a core `Request`: method to operation, body or query to data, token.
enum RequestDecoder {
    /// A request the core can take, or the place a client with an unclean path is sent to.
    enum Decoded {
        case request(CofferCore.Request)
        case redirect(location: String)
    }

    static func decode(_ request: VaultHTTPRequest) throws(CoreError) -> Decoded {
        let target = Substring(request.target)
        let rawPath = target.prefix { $0 != "?" }
        guard rawPath.hasBytePrefix(apiPrefix) else { throw .notFoundEmpty }
        let path: String
        switch RequestPath.resolve(rawPath.dropFirst(apiPrefix.count - 1)) {
        case .canonical(let canonical): path = canonical
        case .redirect(let cleaned): return .redirect(location: "/v1" + cleaned + target.droppingBytes(rawPath.utf8.count))
        case .refused(let reason): throw .badRequest(reason)
        }
        var query: [String: String] = [:]
        if rawPath.utf8.count < target.utf8.count {
            for (key, value) in URI(request.target).queryParameters { query[String(key)] = String(value) }
        }
        let listRequested = query["list"].flatMap { Bool($0.lowercased()) } ?? false
        let asksForHelp = !(query["help"] ?? "").isEmpty
        let operation = asksForHelp ? .help : try operation(for: request.method, listRequested: listRequested)
        guard let body = request.body else { throw CoreError(.requestTooLarge, ["http: request body too large"]) }
        var data: [String: JSONValue] = [:]
        if body.readableBytes > 0, operation != .read, operation != .list, operation != .head, operation != .help {
            data = try decodeObject(body)
        } else if operation == .read || operation == .list {
            for (key, value) in query where key != "list" { data[key] = .string(value) }
        }
        if operation == .patch {
            guard let contentType = request.contentType, !contentType.isEmpty else {
                throw .badRequest("mime: no media type")
            }
            guard contentType.contains("merge-patch+json") else {
                throw CoreError(
                    .unsupportedMediaType,
                    ["PATCH requires Content-Type of application/merge-patch+json, provided \(contentType)"])
            }
        }
        var decoded = CofferCore.Request(
            operation: operation, path: path, data: data, query: query, clientToken: token(request),
            remoteAddress: request.remoteAddress)
        if let wrap = request.wrapTTL, !wrap.isEmpty, !Core.answeredOutsideRouter.contains(path) {
            if wrap.hasBytePrefix("-") {
                throw .badRequest("error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative")
            }
            do { decoded.wrapTTL = try BoundedDuration(parsing: wrap).seconds } catch {
                let reason = error.reason == .malformed ? "time: \(error.description)" : error.description
                throw .badRequest("error parsing X-Vault-Wrap-TTL header: \(reason)")
            }
        }
        return .request(decoded)
    }

    private static let apiPrefix = "/v1/"

    private static func operation(for method: String, listRequested: Bool) throws(CoreError) -> CofferCore.Operation {
        switch method {
        case "GET": return listRequested ? .list : .read
        case "HEAD": return .head
        case "POST", "PUT": return .update
        case "DELETE": return .delete
        case "PATCH": return .patch
        case "LIST": return .list
        default: throw CoreError(.unsupportedOperation, [])
        }
    }

    /// `X-Vault-Token` wins over `Authorization: Bearer`, as in Vault.
    private static func token(_ request: VaultHTTPRequest) -> String? {
        if let token = request.vaultToken, !token.isEmpty { return token }
        if let authorization = request.authorization, authorization.hasBytePrefix("Bearer ") {
            return authorization.dropFirst(7).trimmingWhitespace
        }
        return nil
    }

    /// The body as a JSON object, refused with the reference's messages when it is malformed, nested
    /// too deeply or past the complexity limits (reading stops where the limit is crossed).
    private static func decodeObject(_ body: ByteBuffer) throws(CoreError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body.readableBytesView, limits: .requestBody)
        } catch {
            switch error.kind {
            case .tooMuchMemory, .tooManyStrings:
                throw .badRequest("refused JSON input due to high complexity: \(error.reason)")
            case .tooDeep: throw .badRequest("failed to decode JSON input: \(error.reason)")
            case .syntax: throw .badRequest("failed to decode JSON input: the body is not valid JSON")
            }
        }
        switch value {
        case .object(let members): return members
        case .null: return [:]
        default: throw .badRequest("failed to decode JSON input: the body must be a JSON object")
        }
    }
}
