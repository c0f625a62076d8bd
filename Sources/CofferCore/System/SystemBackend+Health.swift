import CofferAPI
import Foundation

/// `sys/health` and `sys/leader`.
extension SystemBackend {
    func health(_ request: BackendRequest) async throws -> Response? {
        let status = try await healthState()
        let query = request.query
        var body: [String: JSONValue] = [
            "initialized": .bool(status.initialized),
            "sealed": .bool(status.sealed),
            "standby": .bool(status.sealed),
            "replication_performance_mode": status.sealed ? "unknown" : "disabled",
            "replication_dr_mode": status.sealed ? "unknown" : "disabled",
            "server_time_utc": .int(Int64(Date().timeIntervalSince1970)),
            "version": .string(CofferVersion.current),
        ]
        let code: Int
        if !status.initialized {
            code = try statusCode(query, "uninitcode", default: 501)
        } else if status.sealed {
            code = try statusCode(query, "sealedcode", default: 503)
        } else {
            body["cluster_name"] = .string(core.config.clusterName)
            body["cluster_id"] = .string(core.clusterID.withLock { $0 })
            code = try statusCode(query, "activecode", default: 200)
        }
        for flag in ["standbyok", "perfstandbyok"] {
            if let text = query[flag], Bool(text.lowercased()) == nil, text != "" {
                throw CoreError(.badRequest, [])
            }
        }
        return .raw(body, status: code)
    }

    /// Whether the server is initialized and sealed. An unsealed server is initialized, so only a
    /// sealed one asks the seal manager, whose actor would otherwise cost two task switches per probe.
    private func healthState() async throws(CoreError) -> (initialized: Bool, sealed: Bool) {
        if core.isUnsealed { return (true, false) }
        let status = try await core.sealStatus()
        return (status.initialized, status.sealed)
    }

    func leader(_ request: BackendRequest) async throws -> Response? {
        .raw(["ha_enabled": false])
    }

    /// The status a query parameter overrides, validated to a real HTTP status.
    private func statusCode(_ query: [String: String], _ name: String, default fallback: Int) throws(CoreError) -> Int {
        for other in [
            "uninitcode", "sealedcode", "activecode", "standbycode", "drsecondarycode", "performancestandbycode",
        ] {
            if let text = query[other], Int(text) == nil { throw CoreError(.badRequest, []) }
        }
        guard let text = query[name] else { return fallback }
        guard let code = Int(text), (100...599).contains(code) else {
            throw CoreError.badRequest("\(name) must be an HTTP status code between 100 and 599")
        }
        return code
    }
}
