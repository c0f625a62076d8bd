import CofferAPI
import Foundation

/// `sys/health` and `sys/leader`.
extension SystemBackend {
    func health(_ request: BackendRequest) async throws -> Response? {
        let report: HealthReport
        if let unsealed = core.unsealedHealth() {
            report = unsealed
        } else {
            let status = try await core.sealStatus()
            report = HealthReport(
                initialized: status.initialized, sealed: status.sealed, cluster: nil,
                serverTime: Int64(Date().timeIntervalSince1970))
        }
        return .raw(report.body, status: try report.statusCode(query: request.query))
    }

    func leader(_ request: BackendRequest) async throws -> Response? {
        .raw(["ha_enabled": false])
    }
}
