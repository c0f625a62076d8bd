import Foundation

/// The cluster's name and id, chosen at init and reported by `sys/health`.
struct ClusterIdentity: Codable, Sendable {
    static let storageKey = "core/cluster"

    var name: String
    var id: String

    static func fresh(name: String) -> ClusterIdentity {
        ClusterIdentity(name: name, id: UUID().uuidString.lowercased())
    }

    func encoded() -> [UInt8] {
        (try? Array(JSONEncoder().encode(self))) ?? []
    }

    static func load(from storage: any Storage) async throws(StorageError) -> ClusterIdentity? {
        guard let bytes = try await storage.get(storageKey) else { return nil }
        return try? JSONDecoder().decode(ClusterIdentity.self, from: Data(bytes))
    }
}
