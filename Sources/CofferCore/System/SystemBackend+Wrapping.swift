import CofferAPI
import Foundation

/// `sys/wrapping/wrap`, `unwrap`, `lookup`, `rewrap`.
extension SystemBackend {
    static let invalidWrappingToken = CoreError.badRequest("wrapping token is not valid or does not exist")

    /// Wraps the request body itself; the pipeline does the wrapping, so a TTL is required.
    func wrapData(_ request: BackendRequest) async throws -> Response? {
        guard (request.original.wrapTTL ?? 0) > 0 else {
            throw CoreError.badRequest("endpoint requires response wrapping to be used")
        }
        return Response(data: request.data)
    }

    /// The wrapped response, once: the wrapping token is revoked as it is read.
    func unwrap(_ request: BackendRequest) async throws -> Response? {
        let key = try await wrappingKey(request, allowCaller: true)
        guard var body = try await core.wrappedResponse(key: key) else { throw Self.invalidWrappingToken }
        try await core.tokens.revokeTree(key)
        if body["request_id"] != nil { body["request_id"] = .string(UUID().uuidString.lowercased()) }
        return .raw(body)
    }

    /// Needs no token; the wrapping token is named in the body, the query, or `X-Vault-Token`.
    func lookupWrapping(_ request: BackendRequest) async throws -> Response? {
        let named =
            try request.fields.string("token") ?? request.query["token"] ?? request.original.clientToken
        guard let named, !named.isEmpty, let resolved = try await core.tokens.resolve(named), let key = resolved.key
        else { throw Self.invalidWrappingToken }
        guard let entry = try await core.tokens.liveEntry(key), entry.policies == [Core.wrappingPolicy] else {
            throw Self.invalidWrappingToken
        }
        return Response(data: [
            "creation_path": .string(entry.path),
            "creation_time": .string(TokenEntry.timestamp(entry.creationTime)),
            "creation_ttl": .int(entry.creationTTL),
        ])
    }

    /// A new wrapping token for the same response; the old one stops working.
    func rewrap(_ request: BackendRequest) async throws -> Response? {
        let key = try await wrappingKey(request, allowCaller: false)
        guard let entry = try await core.tokens.liveEntry(key), let body = try await core.wrappedResponse(key: key)
        else { throw Self.invalidWrappingToken }
        try await core.tokens.revokeTree(key)
        let (token, fresh) = try await core.storeWrapped(body, ttl: entry.creationTTL, creationPath: entry.path)
        return Response(wrapInfo: [
            "token": .string(token),
            "accessor": .string(fresh.accessor),
            "ttl": .int(entry.creationTTL),
            "creation_time": .string(TokenEntry.timestamp(fresh.creationTime)),
            "creation_path": .string(entry.path),
        ])
    }

    /// The storage key of the wrapping token named in the body, or (for unwrap) the caller's own.
    private func wrappingKey(_ request: BackendRequest, allowCaller: Bool) async throws(CoreError) -> String {
        if let named = try request.fields.string("token"), !named.isEmpty {
            guard let resolved = try await core.tokens.resolve(named), let key = resolved.key else {
                throw Self.invalidWrappingToken
            }
            return key
        }
        guard allowCaller, let caller = request.caller, let key = caller.key,
            caller.entry.policies == [Core.wrappingPolicy]
        else { throw Self.invalidWrappingToken }
        return key
    }
}
