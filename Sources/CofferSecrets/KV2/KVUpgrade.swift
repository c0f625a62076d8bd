import CofferAPI
import CofferCore
import Foundation

/// Moves a KV version 1 mount's data into the version 2 layout: each key becomes version 1.
enum KVUpgrade {
    /// Upgrades every key of `storage` (a v1 mount's own storage); each key moves in one transaction.
    static func upgrade(_ storage: any Storage, now: Timestamp) async throws(CoreError) {
        let store = KVv2Store(storage: storage)
        do {
            for key in try await storage.keys(under: "") {
                guard let bytes = try await storage.get(key),
                    let data = try JSONValue(parsing: bytes).objectValue
                else { continue }
                var metadata = KVKeyMetadata(createdAt: now)
                metadata.currentVersion = 1
                metadata.oldestVersion = 1
                metadata.versions = [KVVersion(version: 1, createdTime: now)]
                try await storage.transaction([
                    store.putData(key, version: 1, data), store.putMetadata(key, metadata), .delete(key),
                ])
            }
        } catch let error as CoreError {
            throw error
        } catch {
            throw .internalError("upgrading the mount to KV version 2 failed: \(error)")
        }
    }
}
