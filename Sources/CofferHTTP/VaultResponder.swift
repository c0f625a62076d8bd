import CofferAPI
import CofferCore
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging

/// Answers every `/v1/*` request in Vault's HTTP dialect by handing it to the core.
///
/// The listener's own channel (`VaultHTTPChannel`) calls `answer(_:)`; as a Hummingbird responder
/// it serves the same answers to Hummingbird's router-level test client.
public struct VaultResponder: HTTPResponder, RequestAnswering {
    public typealias Context = CofferRequestContext

    let core: Core
    public let maxRequestSize: Int
    let logger: Logger
    private let healthAnswers = HealthAnswers()

    public init(core: Core, maxRequestSize: Int, logger: Logger) {
        self.core = core
        self.maxRequestSize = maxRequestSize
        self.logger = logger
    }

    public func answer(_ request: VaultHTTPRequest) async -> VaultAnswer {
        do throws(CoreError) {
            switch try RequestDecoder.decode(request) {
            case .request(let decoded):
                return ResponseEncoder.encode(try await core.handle(decoded), head: request.isHead)
            case .redirect(let location):
                return VaultAnswer(status: 307, body: nil, isHead: request.isHead, location: location)
            }
        } catch {
            if error.code == .internalError {
                let path = request.target.prefix { $0 != "?" }
                logger.error("request failed", metadata: ["path": "\(path)", "error": "\(error)"])
            }
            return ResponseEncoder.encode(error, head: request.isHead)
        }
    }

    /// `sys/health` of an unsealed server, answered as Vault answers it: by the HTTP layer, outside
    /// the request pipeline. Any other request, or one this shortcut would read differently from the
    /// pipeline (a list flag, a body past the size limit, another method), goes to `answer(_:)`.
    public func answerAtOnce(_ request: VaultHTTPRequest) -> VaultAnswer? {
        guard request.method == "GET" || request.method == "HEAD", request.body != nil,
            request.target.hasBytePrefix(Self.healthPath)
        else { return nil }
        let rest = request.target.utf8.dropFirst(Self.healthPath.utf8.count)
        var query: [String: String] = [:]
        if let first = rest.first {
            guard first == UInt8(ascii: "?") else { return nil }
            for (key, value) in URI(request.target).queryParameters { query[String(key)] = String(value) }
            guard query["list"] == nil else { return nil }
        }
        guard let report = core.unsealedHealth() else { return nil }
        do throws(CoreError) {
            let status = try report.statusCode(query: query)
            return healthAnswers.answer(for: report, status: status, head: request.isHead)
        } catch {
            return ResponseEncoder.encode(error, head: request.isHead)
        }
    }

    private static let healthPath = "/v1/sys/health"

    public func respond(to request: Hummingbird.Request, context: Context) async throws -> Hummingbird.Response {
        var request = request
        let body = try? await request.collectBody(upTo: maxRequestSize)
        let vaultRequest = VaultHTTPRequest(
            method: request.method.rawValue, target: request.uri.description,
            vaultToken: request.headers[RequestHeaders.vaultToken],
            authorization: request.headers[.authorization], wrapTTL: request.headers[RequestHeaders.wrapTTL],
            contentType: request.headers[.contentType], body: body, remoteAddress: context.remoteAddress)
        let answer = await answer(vaultRequest)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        if let location = answer.location { headers[.location] = location }
        guard let body = answer.body else {
            return Hummingbird.Response(status: .init(code: answer.status), headers: headers)
        }
        headers[.contentLength] = String(body.count)
        return Hummingbird.Response(
            status: .init(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The Vault request headers by name.
enum RequestHeaders {
    static let vaultToken = HTTPField.Name("X-Vault-Token")!
    static let wrapTTL = HTTPField.Name("X-Vault-Wrap-TTL")!
}
