import CofferAPI
import CofferCore
import Foundation
import Hummingbird
import Logging

/// Answers every `/v1/*` request in Vault's HTTP dialect by handing it to the core.
///
/// Every answer, errors included, is JSON with `Cache-Control: no-store`.
public struct VaultResponder: HTTPResponder {
    public typealias Context = CofferRequestContext

    let core: Core
    let maxRequestSize: Int
    let logger: Logger

    public init(core: Core, maxRequestSize: Int, logger: Logger) {
        self.core = core
        self.maxRequestSize = maxRequestSize
        self.logger = logger
    }

    public func respond(to request: Hummingbird.Request, context: Context) async throws -> Hummingbird.Response {
        let isHead = request.method == .head
        do throws(CoreError) {
            var coreRequest = try await RequestDecoder.decode(request, maxSize: maxRequestSize)
            coreRequest.remoteAddress = context.remoteAddress
            let answer = try await core.handle(coreRequest)
            return ResponseEncoder.encode(answer, head: isHead)
        } catch {
            if error.code == .internalError {
                logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return ResponseEncoder.encode(error, head: isHead)
        }
    }
}
