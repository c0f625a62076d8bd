import CofferAPI
import CofferCore
import Synchronization

/// The encoded body of `sys/health` for an unsealed server, made once per second.
///
/// Load balancers and orchestrators probe health many times a second, and between two probes in
/// the same second the report is the same; encoding it took as long as the listener's own work.
final class HealthAnswers: Sendable {
    private let latest = Mutex<(report: HealthReport, body: [UInt8])?>(nil)

    /// The answer for `report` with `status`; no body for `HEAD`.
    func answer(for report: HealthReport, status: Int, head: Bool) -> VaultAnswer {
        guard !head else { return VaultAnswer(status: status, body: nil, isHead: true) }
        if let cached = latest.withLock({ $0 }), cached.report == report {
            return VaultAnswer(status: status, body: cached.body, isHead: false)
        }
        let body = JSONValue.object(report.body).serialized()
        latest.withLock { $0 = (report, body) }
        return VaultAnswer(status: status, body: body, isHead: false)
    }
}
