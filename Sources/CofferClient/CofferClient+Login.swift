/// Logging in to an auth method: the answer's `auth` carries the new token (or, when the
/// client asks for wrapping, `wrap_info` carries a token that unwraps to it).
///
/// A login request never sends the client's token, so a stale one cannot make it fail.
extension CofferClient {
    /// `PUT /v1/auth/:mount/login/:username`: logs in to the userpass method mounted at `auth/<mount>`.
    public func loginWithUserpass(mount: String, username: String, password: String) async throws(ClientError)
        -> APIResponse
    {
        let path = "auth/\(Self.withoutEnclosingSlashes(mount))/login/\(username)"
        return try await withToken(nil).request("PUT", path, body: ["password": .string(password)])
    }

    /// `PUT /v1/auth/:mount/login`: logs in to the AppRole method mounted at `auth/<mount>`;
    /// `secretID` may be left out for a role that does not bind one.
    public func loginWithAppRole(mount: String, roleID: String, secretID: String?) async throws(ClientError)
        -> APIResponse
    {
        var body: [String: JSONValue] = ["role_id": .string(roleID)]
        if let secretID { body["secret_id"] = .string(secretID) }
        return try await withToken(nil).request(
            "PUT", "auth/\(Self.withoutEnclosingSlashes(mount))/login", body: .object(body))
    }
}
