import CofferCore
import Crypto
import Foundation
import Synchronization

/// Where an AppRole mount keeps things, inside the mount's own storage view:
/// - `salt`: 32 random bytes keying the HMACs below, made on first use;
/// - `role/<name>`: a role (`AppRoleRole`); role names are lowercase;
/// - `role-id/<hmac of role ID>`: the name of the role with that role ID;
/// - `secret-id/<role>/<hmac of secret ID>`: a secret ID (`AppRoleSecretID`);
/// - `accessor/<role>/<accessor>`: the HMAC of the secret ID with that accessor.
///
/// Changes to one role and its secret IDs run one at a time (`KeyLocks`), so a secret ID's use
/// count is spent exactly once per login.
final class AppRoleStore: Sendable {
    private let salt = Mutex<[UInt8]?>(nil)
    let locks = KeyLocks()

    static func roleKey(_ name: String) -> String { "role/" + name }
    static func secretIDPrefix(_ role: String) -> String { "secret-id/\(role)/" }
    static func accessorPrefix(_ role: String) -> String { "accessor/\(role)/" }

    func roleIDKey(_ roleID: String, in storage: any Storage) async throws -> String {
        "role-id/" + (try await hmac(roleID, in: storage))
    }

    func secretIDKey(role: String, secretID: String, in storage: any Storage) async throws -> String {
        Self.secretIDPrefix(role) + (try await hmac(secretID, in: storage))
    }

    func role(_ name: String, in storage: any Storage) async throws -> AppRoleRole? {
        guard let bytes = try await storage.get(Self.roleKey(name)) else { return nil }
        return try AppRoleRole(record: bytes)
    }

    /// The role a role ID belongs to.
    func role(withID roleID: String, in storage: any Storage) async throws -> AppRoleRole? {
        guard let name = try await storage.get(try await roleIDKey(roleID, in: storage)) else { return nil }
        return try await role(String(decoding: name, as: UTF8.self), in: storage)
    }

    /// The secret ID stored under `key`, or nil.
    func secretID(at key: String, in storage: any Storage) async throws -> AppRoleSecretID? {
        guard let bytes = try await storage.get(key) else { return nil }
        return try AppRoleSecretID(record: bytes)
    }

    /// The storage key of the secret ID an accessor names, or nil.
    func secretIDKey(role: String, accessor: String, in storage: any Storage) async throws -> String? {
        guard let hash = try await storage.get(Self.accessorPrefix(role) + accessor) else { return nil }
        return Self.secretIDPrefix(role) + String(decoding: hash, as: UTF8.self)
    }

    /// Hex HMAC-SHA256 of `value` under the mount's salt.
    private func hmac(_ value: String, in storage: any Storage) async throws -> String {
        let key = SymmetricKey(data: try await saltBytes(storage))
        return Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key)))
    }

    private func saltBytes(_ storage: any Storage) async throws -> [UInt8] {
        if let cached = salt.withLock({ $0 }) { return cached }
        return try await locks.withLock("salt") {
            if let cached = salt.withLock({ $0 }) { return cached }
            let stored = try await storage.get("salt")
            let bytes = stored ?? SecureRandom.bytes(32)
            if stored == nil { try await storage.put("salt", bytes) }
            salt.withLock { $0 = bytes }
            return bytes
        }
    }
}
