import CofferAPI
import Foundation
import Synchronization

/// `sys/remount` and `sys/remount/status/<id>`. A move only re-keys the mount table (data is kept
/// by the mount's id), so it has finished by the time the answer is sent.
extension SystemBackend {
    func remount(_ request: BackendRequest) async throws -> Response? {
        let fields = request.fields
        guard let from = try fields.string("from"), !from.isEmpty, let to = try fields.string("to"), !to.isEmpty else {
            throw CoreError.badRequest("both 'from' and 'to' path must be specified as a string")
        }
        try await core.mounts.remount(from: from, to: to, storage: core.barrier)
        let id = UUID().uuidString.lowercased()
        let info = RemountRecord(source: MountTable.normalize(from), target: MountTable.normalize(to))
        core.remounts.withLock { $0[id] = info }
        core.logger.info(
            "mount moved", metadata: ["migration_id": "\(id)", "from": "\(info.source)", "to": "\(info.target)"])
        return Response(
            data: ["migration_id": .string(id)],
            warnings: [
                "Mount move has been queued. Progress will be reported in Coffer's server log, tagged with the returned migration_id"
            ],
            framing: .envelopeAndRaw)
    }

    func remountStatus(_ request: BackendRequest) async throws -> Response? {
        let id = request.capture("id")
        guard let info = core.remounts.withLock({ $0[id] }) else { throw CoreError.notFoundEmpty }
        return Response(data: [
            "migration_id": .string(id),
            "migration_info": [
                "source_mount": .string(info.source), "target_mount": .string(info.target), "status": "success",
            ],
        ])
    }
}

/// A finished mount move, reported by `sys/remount/status/<id>` until the server seals.
struct RemountRecord: Sendable {
    let source: String
    let target: String
}
