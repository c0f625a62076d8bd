import CofferAPI
import Foundation

/// Response wrapping: the real response is kept in the cubbyhole of a single-use token that lives
/// for the wrap TTL; the client receives only that token (`wrap_info`).
extension Core {
    static let wrappingPolicy = "response-wrapping"
    static let wrappedResponseKey = "response"

    /// `answer` stored behind a new wrapping token, and the response naming that token.
    func wrap(_ answer: CoreResponse, ttl: Int64, creationPath: String) async throws(CoreError) -> CoreResponse {
        let (token, entry) = try await storeWrapped(answer.body, ttl: ttl, creationPath: creationPath)
        var info: [String: JSONValue] = [
            "token": .string(token),
            "accessor": .string(entry.accessor),
            "ttl": .int(ttl),
            "creation_time": .string(TokenEntry.timestamp(entry.creationTime)),
            "creation_path": .string(creationPath),
        ]
        if let accessor = answer.response.auth?["accessor"] { info["wrapped_accessor"] = accessor }
        return CoreResponse(response: Response(wrapInfo: info), requestID: "")
    }

    /// Creates the wrapping token and stores `body` in its cubbyhole.
    func storeWrapped(
        _ body: [String: JSONValue], ttl: Int64, creationPath: String
    ) async throws(CoreError) -> (String, TokenEntry) {
        guard ttl > 0 else { throw .badRequest("the wrap TTL must be at least one second") }
        var creation = TokenCreation()
        creation.policies = [Self.wrappingPolicy]
        creation.noDefaultPolicy = true
        creation.orphan = true
        creation.ttl = ttl
        creation.explicitMaxTTL = ttl
        creation.numUses = 1
        creation.renewable = false
        creation.path = creationPath
        let limits = TTLLimits(defaultTTL: ttl, maxTTL: max(ttl, config.maxLeaseTTL))
        let issued = try await tokens.create(creation, issuer: .responseWrapping, limits: limits)
        let key = try tokens.key(of: issued.value)
        do {
            try await barrier.put(Self.wrappedKey(key), JSONValue.object(body).serialized())
        } catch {
            throw .internalError("failed to store a wrapped response: \(error.message)")
        }
        return (issued.value, issued.entry)
    }

    /// The response kept for the wrapping token at `key`, or nil when it is not a wrapping token.
    func wrappedResponse(key: String) async throws(CoreError) -> [String: JSONValue]? {
        guard let entry = try await tokens.liveEntry(key), entry.policies == [Self.wrappingPolicy] else { return nil }
        let bytes: [UInt8]?
        do { bytes = try await barrier.get(Self.wrappedKey(key)) } catch {
            throw .internalError("failed to read a wrapped response: \(error.message)")
        }
        return bytes.flatMap { try? JSONValue(parsing: $0).objectValue }
    }

    static func wrappedKey(_ tokenKey: String) -> String {
        CubbyholeBackend.storagePrefix + tokenKey + "/" + wrappedResponseKey
    }
}
