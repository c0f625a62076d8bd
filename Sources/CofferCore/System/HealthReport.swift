import CofferAPI
import Foundation

/// What `sys/health` reports of the server at one second, and the status code it answers with.
///
/// Two reports are equal when their bodies are: the HTTP layer encodes the body of an unsealed
/// server once per second and reuses it for every probe in between.
public struct HealthReport: Equatable, Sendable {
    public let initialized: Bool
    public let sealed: Bool
    /// The cluster's name and id, reported only while unsealed.
    let cluster: (name: String, id: String)?
    /// Unix seconds when the report was made.
    let serverTime: Int64

    init(initialized: Bool, sealed: Bool, cluster: (name: String, id: String)?, serverTime: Int64) {
        self.initialized = initialized
        self.sealed = sealed
        self.cluster = cluster
        self.serverTime = serverTime
    }

    public static func == (left: HealthReport, right: HealthReport) -> Bool {
        left.initialized == right.initialized && left.sealed == right.sealed && left.serverTime == right.serverTime
            && left.cluster?.name == right.cluster?.name && left.cluster?.id == right.cluster?.id
    }

    /// The JSON body, as the reference's fields name it.
    public var body: [String: JSONValue] {
        var body: [String: JSONValue] = [
            "initialized": .bool(initialized),
            "sealed": .bool(sealed),
            "standby": .bool(sealed),
            "replication_performance_mode": sealed ? "unknown" : "disabled",
            "replication_dr_mode": sealed ? "unknown" : "disabled",
            "server_time_utc": .int(serverTime),
            "version": .string(CofferVersion.current),
        ]
        if let cluster {
            body["cluster_name"] = .string(cluster.name)
            body["cluster_id"] = .string(cluster.id)
        }
        return body
    }

    /// The status code: 200 active, 503 sealed, 501 not initialized, each overridden by its query
    /// parameter (`activecode`, `sealedcode`, `uninitcode`); a malformed parameter is a 400.
    public func statusCode(query: [String: String]) throws(CoreError) -> Int {
        let code: Int
        if !initialized {
            code = try Self.statusCode(query, "uninitcode", default: 501)
        } else if sealed {
            code = try Self.statusCode(query, "sealedcode", default: 503)
        } else {
            code = try Self.statusCode(query, "activecode", default: 200)
        }
        for flag in Self.flags {
            if let text = query[flag], Bool(text.lowercased()) == nil, text != "" {
                throw CoreError(.badRequest, [])
            }
        }
        return code
    }

    private static let flags = ["standbyok", "perfstandbyok"]
    private static let codeParameters = [
        "uninitcode", "sealedcode", "activecode", "standbycode", "drsecondarycode", "performancestandbycode",
    ]

    /// The status a query parameter overrides, validated to a real HTTP status.
    private static func statusCode(
        _ query: [String: String], _ name: String, default fallback: Int
    ) throws(CoreError) -> Int {
        guard !query.isEmpty else { return fallback }
        for other in codeParameters {
            if let text = query[other], Int(text) == nil { throw CoreError(.badRequest, []) }
        }
        guard let text = query[name] else { return fallback }
        guard let code = Int(text), (100...599).contains(code) else {
            throw CoreError.badRequest("\(name) must be an HTTP status code between 100 and 599")
        }
        return code
    }
}

extension Core {
    /// The health of an unsealed server, made without the request pipeline, as Vault's HTTP layer
    /// answers `sys/health`: neither routed nor audited, and needing no task. Nil while the server
    /// is not unsealed: then only the seal manager knows its state, and `handle(_:)` asks it.
    public func unsealedHealth() -> HealthReport? {
        guard isUnsealed else { return nil }
        return HealthReport(
            initialized: true, sealed: false, cluster: (config.clusterName, clusterID.withLock { $0 }),
            serverTime: Int64(Date().timeIntervalSince1970))
    }
}
