import CofferCore
import Crypto
import Synchronization

/// Where an AppRole mount keeps things, inside the mount's own storage view:
/// - `salt`: 32 random bytes keying the HMACs below, made on first use;
/// - `role/<name>`: a role (`AppRoleRole`); role names are lowercase;
/// - `role-id/<hmac of role ID>`: the name of the role with that role ID;
/// - `secret-id/<role>/<hmac of secret ID>`: a secret ID (`AppRoleSecretID`);
/// - `accessor/<role>/<accessor>`: the HMAC of the secret ID with that accessor.
///
/// Changes to one role and its secret IDs run one at a time (`KeyLocks`), so a secret ID's use
/// count is spent exactly once per login. Roles and role IDs are kept in memory once read, so a
/// login reads only its secret ID; every change to a role calls `forget` once it is stored.
final class AppRoleStore: Sendable {
    private struct RoleCache {
        var roles: [String: AppRoleRole] = [:]
        /// Role names by role ID.
        var names: [String: String] = [:]
        /// Bumped by every change, so a read that raced a change is not cached.
        var generation = 0
    }

    private let salt = Mutex<SaltedHMAC?>(nil)
    private let cache = Mutex(RoleCache())
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
        let (cached, generation) = cache.withLock { ($0.roles[name], $0.generation) }
        if let cached { return cached }
        guard let bytes = try await storage.get(Self.roleKey(name)) else { return nil }
        let role = try AppRoleRole(record: bytes)
        cache.withLock { if $0.generation == generation { $0.roles[name] = role } }
        return role
    }

    /// The role a role ID belongs to.
    func role(withID roleID: String, in storage: any Storage) async throws -> AppRoleRole? {
        let (cached, generation) = cache.withLock { ($0.names[roleID], $0.generation) }
        if let cached { return try await role(cached, in: storage) }
        guard let stored = try await storage.get(try await roleIDKey(roleID, in: storage)) else { return nil }
        let name = String(decoding: stored, as: UTF8.self)
        cache.withLock { if $0.generation == generation { $0.names[roleID] = name } }
        return try await role(name, in: storage)
    }

    /// Drops what is kept in memory of role `name` and its role IDs, after a change to it is stored.
    func forget(_ name: String) {
        cache.withLock { cache in
            cache.generation += 1
            cache.roles[name] = nil
            cache.names = cache.names.filter { $0.value != name }
        }
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
        try await saltedHMAC(storage).hash(value)
    }

    private func saltedHMAC(_ storage: any Storage) async throws -> SaltedHMAC {
        if let cached = salt.withLock({ $0 }) { return cached }
        return try await locks.withLock("salt") {
            if let cached = salt.withLock({ $0 }) { return cached }
            let stored = try await storage.get("salt")
            let bytes = stored ?? SecureRandom.bytes(32)
            if stored == nil { try await storage.put("salt", bytes) }
            let keyed = SaltedHMAC(key: SymmetricKey(data: bytes), encoding: .hex)
            salt.withLock { $0 = keyed }
            return keyed
        }
    }
}
