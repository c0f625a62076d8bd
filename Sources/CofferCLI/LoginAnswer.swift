import CofferClient

/// What a login answered: the new token with the answer to print, or, when the command leaves a
/// wrapped answer wrapped, that answer.
enum LoginAnswer {
    /// The answer's `auth` holds `token`.
    case authenticated(token: String, secret: SecretOutput)
    /// The answer was wrapped (`-wrap-ttl`) and stays so: `-no-store` or `-token-only` keep nothing.
    case wrapped(SecretOutput)

    /// Logs in with `credentials` (a token, which must not be empty, is looked up instead); a
    /// wrapped answer is unwrapped when `unwrap`.
    static func obtain(_ credentials: LoginCredentials, client: CofferClient, unwrap: Bool)
        async throws(CommandFailure) -> LoginAnswer
    {
        let response: APIResponse
        switch credentials {
        case .token(let token):
            let token = token?.trimmingWhitespace ?? ""
            guard !token.isEmpty else {
                throw .remote(
                    "Error authenticating: a token must be passed to auth, please view the help for more information")
            }
            return .authenticated(token: token, secret: SecretOutput(body: try await lookUp(token, client: client)))
        case .userpass(let mount, let username, let password):
            response = try await CommandFailure.attempt("authenticating") { () async throws(ClientError) in
                try await client.loginWithUserpass(mount: mount, username: username, password: password ?? "")
            }
        case .appRole(let mount, let roleID, let secretID):
            response = try await CommandFailure.attempt("authenticating") { () async throws(ClientError) in
                try await client.loginWithAppRole(mount: mount, roleID: roleID, secretID: secretID)
            }
        }
        return try await extract(response.body ?? [:], client: client, unwrap: unwrap)
    }

    /// The token in the login answer `body`, unwrapping it first when it is wrapped and `unwrap`.
    static func extract(_ body: JSONValue, client: CofferClient, unwrap: Bool) async throws(CommandFailure)
        -> LoginAnswer
    {
        let secret = SecretOutput(body: body)
        if let token = secret.auth?["client_token"]?.stringValue { return .authenticated(token: token, secret: secret) }
        guard let wrapInfo = secret.wrapInfo else {
            throw .remote("Error extracting token: no auth or wrapping info in response")
        }
        guard !(wrapInfo["wrapped_accessor"]?.stringValue ?? "").isEmpty else {
            throw .remote("Error extracting token: wrapped response does not contain a token")
        }
        guard unwrap else { return .wrapped(secret) }
        let unwrapped = try await CommandFailure.attempt("extracting token") { () async throws(ClientError) in
            try await client.withToken(nil).unwrap(wrapInfo["token"]?.stringValue ?? "")
        }
        return try await extract(unwrapped.body ?? [:], client: client, unwrap: unwrap)
    }

    /// Looks `token` up and returns an envelope whose `auth` describes it, as an auth method's login would.
    private static func lookUp(_ token: String, client: CofferClient) async throws(CommandFailure) -> JSONValue {
        let lookup: APIResponse
        do throws(ClientError) {
            lookup = try await client.withToken(token).withoutWrapping().lookupToken(.current)
        } catch {
            throw .remote("Error authenticating: error looking up token: \(error)")
        }
        return envelope(lookup: lookup.data ?? [:])
    }

    /// The login envelope for the `lookup-self` data `data`: token, accessor, policies (token then
    /// identity; an empty list is null, as vault prints it), metadata, remaining TTL and renewability.
    static func envelope(lookup data: JSONValue) -> JSONValue {
        func list(_ items: [JSONValue]) -> JSONValue { items.isEmpty ? nil : .array(items) }
        let tokenPolicies = data["policies"]?.arrayValue ?? []
        let identityPolicies = data["identity_policies"]?.arrayValue ?? []
        let auth: JSONValue = [
            "client_token": data["id"] ?? "", "accessor": data["accessor"] ?? "",
            "policies": list(tokenPolicies + identityPolicies), "token_policies": list(tokenPolicies),
            "identity_policies": list(identityPolicies), "metadata": data["meta"] ?? nil,
            "lease_duration": data["ttl"] ?? 0, "renewable": data["renewable"] ?? false,
        ]
        return ["request_id": "", "lease_id": "", "lease_duration": 0, "renewable": false, "auth": auth]
    }
}
