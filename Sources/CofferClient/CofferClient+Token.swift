/// Which token a lookup or renewal is about.
public enum TokenSubject: Sendable, Equatable {
    /// The client's own token (the `-self` endpoints).
    case current
    /// The token with this ID.
    case token(String)
    /// The token with this accessor.
    case accessor(String)
}

/// How `revokeToken` revokes.
public enum TokenRevocation: Sendable, Equatable {
    /// The client's own token and its children.
    case current
    /// The token and all its children.
    case tree(String)
    /// The token only; its children become orphans.
    case orphan(String)
    /// The token with this accessor, and its children.
    case accessor(String)
    /// Every token and lease created under this API path prefix.
    case prefix(String)
}

extension CofferClient {
    /// `POST /v1/auth/token/create[/:role]`: a new token; its ID and accessor are in the answer's `auth`.
    public func createToken(_ request: TokenCreateRequest) async throws(ClientError) -> APIResponse {
        try await self.request("POST", request.path, body: request.body)
    }

    /// `auth/token/lookup-self`, `lookup` or `lookup-accessor`: the token's properties in `data`.
    public func lookupToken(_ subject: TokenSubject) async throws(ClientError) -> APIResponse {
        switch subject {
        case .current: return try await request("GET", "auth/token/lookup-self")
        case .token(let token): return try await request("POST", "auth/token/lookup", body: ["token": .string(token)])
        case .accessor(let accessor):
            return try await request("POST", "auth/token/lookup-accessor", body: ["accessor": .string(accessor)])
        }
    }

    /// `auth/token/renew-self`, `renew` or `renew-accessor`: extends the token's TTL by
    /// `increment` seconds, or by its default when nil.
    public func renewToken(_ subject: TokenSubject, increment: Int64?) async throws(ClientError) -> APIResponse {
        var body: [String: JSONValue] = [:]
        if let increment { body["increment"] = .int(increment) }
        switch subject {
        case .current:
            return try await request("PUT", "auth/token/renew-self", body: .object(body))
        case .token(let token):
            body["token"] = .string(token)
            return try await request("PUT", "auth/token/renew", body: .object(body))
        case .accessor(let accessor):
            body["accessor"] = .string(accessor)
            return try await request("POST", "auth/token/renew-accessor", body: .object(body))
        }
    }

    /// Revokes tokens as `revocation` says; revoking a token that does not exist succeeds.
    public func revokeToken(_ revocation: TokenRevocation) async throws(ClientError) {
        switch revocation {
        case .current: _ = try await request("PUT", "auth/token/revoke-self")
        case .tree(let token): _ = try await request("PUT", "auth/token/revoke", body: ["token": .string(token)])
        case .orphan(let token):
            _ = try await request("PUT", "auth/token/revoke-orphan", body: ["token": .string(token)])
        case .accessor(let accessor):
            _ = try await request("POST", "auth/token/revoke-accessor", body: ["accessor": .string(accessor)])
        case .prefix(let prefix):
            _ = try await request("PUT", "sys/leases/revoke-prefix/\(Self.withoutTrailingSlashes(prefix))")
        }
    }

    /// `POST /v1/sys/capabilities[-self]`: what `token` (the client's own when nil) may do on
    /// `path`, or nil when the server names none.
    public func capabilities(of token: String?, on path: String) async throws(ClientError) -> [String]? {
        let response: APIResponse
        if let token {
            let body: JSONValue = ["token": .string(token), "paths": [.string(path)]]
            response = try await request("POST", "sys/capabilities", body: body)
        } else {
            response = try await request("POST", "sys/capabilities-self", body: ["paths": [.string(path)]])
        }
        let list = response.data?[path] ?? response.data?["capabilities"]
        return list?.arrayValue?.compactMap(\.stringValue)
    }

    /// `PUT /v1/sys/wrapping/unwrap`: the answer wrapped under `wrappingToken`, or under the
    /// client's own token when nil. The unwrapping request itself is never wrapped.
    public func unwrap(_ wrappingToken: String?) async throws(ClientError) -> APIResponse {
        let plain = withoutWrapping()
        guard let wrappingToken, wrappingToken != token else {
            return try await plain.request("PUT", "sys/wrapping/unwrap")
        }
        guard token != nil else {
            return try await plain.withToken(wrappingToken).request("PUT", "sys/wrapping/unwrap")
        }
        return try await plain.request("PUT", "sys/wrapping/unwrap", body: ["token": .string(wrappingToken)])
    }
}
