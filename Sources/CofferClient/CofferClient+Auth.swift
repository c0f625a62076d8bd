import CofferAPI

/// `sys/auth`: listing, enabling and disabling auth methods.
extension CofferClient {
    /// `GET /v1/sys/auth`: the enabled auth methods, keyed by path with a trailing `/`.
    public func authMounts() async throws(ClientError) -> [String: MountInfo] {
        let response = try await request("GET", "sys/auth")
        let data = APIResponse(status: response.status, body: response.data)
        return try data.decode([String: MountInfo].self, method: "GET", url: url(for: "sys/auth"))
    }

    /// `POST /v1/sys/auth/:path`: enables an auth method of `type` at `auth/<path>`.
    public func enableAuth(path: String, type: String, description: String? = nil) async throws(ClientError) {
        var body: [String: JSONValue] = ["type": .string(type)]
        if let description { body["description"] = .string(description) }
        _ = try await request("POST", "sys/auth/\(Self.withoutTrailingSlashes(path))", body: .object(body))
    }

    /// `DELETE /v1/sys/auth/:path`: disables the auth method at `auth/<path>`, revoking its tokens.
    public func disableAuth(path: String) async throws(ClientError) {
        _ = try await request("DELETE", "sys/auth/\(Self.withoutTrailingSlashes(path))")
    }
}
