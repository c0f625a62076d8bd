extension CofferClient {
    /// `GET /v1/sys/seal-status`: whether the server is initialized and sealed.
    public func sealStatus() async throws(ClientError) -> SealStatus {
        try await request("GET", "sys/seal-status", as: SealStatus.self)
    }

    /// `GET /v1/sys/leader`: whether high availability is on and which node is active.
    public func leaderStatus() async throws(ClientError) -> LeaderStatus {
        try await request("GET", "sys/leader", as: LeaderStatus.self)
    }

    /// `PUT /v1/sys/init`: makes the root key, split into `shares` shares of which `threshold` unseal.
    public func initialize(shares: Int, threshold: Int) async throws(ClientError) -> InitResult {
        let body: JSONValue = ["secret_shares": .int(Int64(shares)), "secret_threshold": .int(Int64(threshold))]
        return try await request("PUT", "sys/init", body: body, as: InitResult.self)
    }

    /// `PUT /v1/sys/unseal`: adds one key share to the current unseal attempt.
    public func unseal(key: String) async throws(ClientError) -> SealStatus {
        try await request("PUT", "sys/unseal", body: ["key": .string(key)], as: SealStatus.self)
    }

    /// `PUT /v1/sys/unseal` with `reset`: forgets the shares given so far.
    public func resetUnseal() async throws(ClientError) -> SealStatus {
        try await request("PUT", "sys/unseal", body: ["reset": true], as: SealStatus.self)
    }

    /// `PUT /v1/sys/seal`: seals the server; it drops its keys until unsealed again.
    public func seal() async throws(ClientError) {
        _ = try await request("PUT", "sys/seal")
    }

    /// `GET /v1/sys/mounts`: the enabled secrets engines, keyed by path with a trailing `/`.
    public func mounts() async throws(ClientError) -> [String: MountInfo] {
        let response = try await request("GET", "sys/mounts")
        let data = APIResponse(status: response.status, body: response.data)
        return try data.decode([String: MountInfo].self, method: "GET", url: url(for: "sys/mounts"))
    }

    /// `POST /v1/sys/mounts/:path`: enables a secrets engine of `type` at `path`.
    public func enableMount(
        path: String, type: String, description: String? = nil, options: [String: String] = [:]
    ) async throws(ClientError) {
        var body: [String: JSONValue] = ["type": .string(type)]
        if let description { body["description"] = .string(description) }
        if !options.isEmpty { body["options"] = .object(options.mapValues { .string($0) }) }
        _ = try await request("POST", "sys/mounts/\(Self.withoutTrailingSlashes(path))", body: .object(body))
    }

    /// `DELETE /v1/sys/mounts/:path`: disables the engine at `path` and revokes its leases.
    public func disableMount(path: String) async throws(ClientError) {
        _ = try await request("DELETE", "sys/mounts/\(Self.withoutTrailingSlashes(path))")
    }

    /// `POST /v1/sys/mounts/:path/tune`: changes the settings in `body` of the engine at `path`;
    /// returns the answer for its warnings.
    public func tuneMount(path: String, body: [String: JSONValue]) async throws(ClientError) -> APIResponse {
        try await request("POST", "sys/mounts/\(Self.withoutTrailingSlashes(path))/tune", body: .object(body))
    }

    /// `POST /v1/sys/remount`: starts moving the engine at `from` to `to`; returns the migration ID.
    public func remount(from: String, to: String) async throws(ClientError) -> String {
        let body: JSONValue = ["from": .string(from), "to": .string(to)]
        let response = try await request("POST", "sys/remount", body: body)
        guard let id = response.data?["migration_id"]?.stringValue else {
            throw .invalidResponse(
                method: "POST", url: url(for: "sys/remount"), status: response.status, reason: "no migration_id")
        }
        return id
    }

    /// `GET /v1/sys/remount/status/:id`: the state of a move, such as `in-progress`, `success` or `failure`.
    public func remountStatus(migrationID: String) async throws(ClientError) -> String {
        let path = "sys/remount/status/\(migrationID)"
        let response = try await request("GET", path)
        guard let status = response.data?["migration_info"]?["status"]?.stringValue else {
            throw .invalidResponse(method: "GET", url: url(for: path), status: response.status, reason: "no status")
        }
        return status
    }
}
