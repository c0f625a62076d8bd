import Foundation
import Synchronization

/// ACL policies behind the barrier, at `policy/<name>`, and the ACLs compiled from them.
///
/// `root` is built in, never stored, and cannot change; `default` is written on first load and
/// cannot be deleted. Parsed policies and compiled ACLs are cached; a write or delete drops every
/// cached entry it affects before returning, so no check after it sees the old rules.
public final class PolicyStore: Sendable {
    static let prefix = "policy/"
    /// How many compiled ACLs are kept; past it the cache starts over.
    static let aclCacheLimit = 1024

    private struct Loaded: Sendable {
        let storage: any Storage
        var policies: [String: Policy] = [:]
        var acls: [[String]: ACL] = [:]
    }

    private struct State: Sendable {
        var loaded: Loaded?
        /// Bumped by every change, so a lookup that raced one does not cache what it read.
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// An empty store, usable once loaded.
    public init() {}

    /// Opens the store on `storage` (after unseal), writing Coffer's `default` policy if none is stored.
    public func load(storage: any Storage) async throws(PolicyError) {
        let key = Self.prefix + "default"
        let encoded = try Self.encode(StoredPolicy(name: "default", text: DefaultPolicy.text))
        do {
            if try await storage.get(key) == nil { try await storage.put(key, encoded) }
        } catch {
            throw PolicyError(error)
        }
        state.withLock { state in
            state.generation += 1
            state.loaded = Loaded(storage: storage)
        }
    }

    /// Forgets the storage and every cached policy and ACL (on seal).
    public func clear() {
        state.withLock { state in
            state.generation += 1
            state.loaded = nil
        }
    }

    /// The policy `name` as written, or nil when there is none; `root` has empty text.
    public func read(_ name: String) async throws(PolicyError) -> StoredPolicy? {
        let name = try Policy.normalizedName(name)
        if name == "root" { return StoredPolicy(name: "root", text: "") }
        guard try await policy(named: name) != nil else { return nil }
        let bytes: [UInt8]?
        do { bytes = try await loadedStorage().get(Self.prefix + name) } catch let error as StorageError {
            throw PolicyError(error)
        } catch {
            throw PolicyError(.sealed, "the policy store is sealed")
        }
        guard let bytes else { return nil }
        guard let stored = try? JSONDecoder().decode(StoredPolicy.self, from: Data(bytes)) else {
            throw PolicyError(.storage(.corrupt), "the stored policy \"\(name)\" cannot be decoded")
        }
        return stored
    }

    /// Stores `text` as the policy `name`, replacing any; nothing is stored unless the text parses.
    public func write(_ name: String, text: String) async throws(PolicyError) {
        let name = try Policy.normalizedName(name)
        if name == "root" { throw PolicyError(.protected, "cannot update \"root\" policy") }
        let policy = try Policy(name: name, text: text)
        let storage = try loadedStorage()
        let previous = try await read(name)
        let stored = StoredPolicy(
            name: policy.name, text: policy.text, version: (previous?.version ?? 0) + 1,
            modified: Int64(Date().timeIntervalSince1970))
        let encoded = try Self.encode(stored)
        do { try await storage.put(Self.prefix + name, encoded) } catch { throw PolicyError(error) }
        invalidate(name)
    }

    /// Removes the policy `name`; removing an absent policy succeeds. `root` and `default` stay.
    public func delete(_ name: String) async throws(PolicyError) {
        let name = try Policy.normalizedName(name)
        if name == "root" || name == "default" {
            throw PolicyError(
                .protected, name == "root" ? "cannot delete \"root\" policy" : "cannot delete default policy")
        }
        let storage = try loadedStorage()
        do { try await storage.delete(Self.prefix + name) } catch { throw PolicyError(error) }
        invalidate(name)
    }

    /// Every policy name, `root` included, sorted.
    public func list() async throws(PolicyError) -> [String] {
        let storage = try loadedStorage()
        let names: [String]
        do { names = try await storage.list(prefix: Self.prefix) } catch { throw PolicyError(error) }
        return names.filter { !$0.hasByteSuffix("/") }.sorted() + ["root"]
    }

    /// The ACL of a token holding the policies `policyNames`: the root ACL when they include `root`;
    /// names of policies that do not exist are ignored. Cached per set of names.
    public func acl(for policyNames: [String]) async throws(PolicyError) -> ACL {
        let names = Set(policyNames.compactMap { try? Policy.normalizedName($0) }).sorted()
        if names.contains("root") { return .root }
        let (cached, generation) = try withLoaded { ($0.acls[names], $1) }
        if let cached { return cached }
        var policies: [Policy] = []
        for name in names {
            if let policy = try await policy(named: name) { policies.append(policy) }
        }
        let acl = ACL(policies: policies)
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.loaded?.acls.count ?? 0 >= Self.aclCacheLimit { state.loaded?.acls.removeAll() }
            state.loaded?.acls[names] = acl
        }
        return acl
    }

    /// The parsed policy `name` (already normalized), from the cache or from storage.
    private func policy(named name: String) async throws(PolicyError) -> Policy? {
        let (storage, cached, generation) = try withLoaded { ($0.storage, $0.policies[name], $1) }
        if let cached { return cached }
        let bytes: [UInt8]?
        do { bytes = try await storage.get(Self.prefix + name) } catch { throw PolicyError(error) }
        guard let bytes else { return nil }
        guard let stored = try? JSONDecoder().decode(StoredPolicy.self, from: Data(bytes)) else {
            throw PolicyError(.storage(.corrupt), "the stored policy \"\(name)\" cannot be decoded")
        }
        let policy: Policy
        do { policy = try Policy(name: name, text: stored.text) } catch {
            throw PolicyError(.storage(.corrupt), "the stored policy \"\(name)\" does not parse: \(error.message)")
        }
        state.withLock { state in
            if state.generation == generation { state.loaded?.policies[name] = policy }
        }
        return policy
    }

    /// Drops the cached policy `name` and every cached ACL built with that name.
    private func invalidate(_ name: String) {
        state.withLock { state in
            state.generation += 1
            guard var loaded = state.loaded.take() else { return }
            loaded.policies[name] = nil
            loaded.acls = loaded.acls.filter { !$0.key.contains(name) }
            state.loaded = loaded
        }
    }

    private func loadedStorage() throws(PolicyError) -> any Storage {
        try withLoaded { loaded, _ in loaded.storage }
    }

    private func withLoaded<Result: Sendable>(_ body: (Loaded, UInt64) -> Result) throws(PolicyError) -> Result {
        let result: Result? = state.withLock { state in state.loaded.map { body($0, state.generation) } }
        guard let result else { throw .sealed }
        return result
    }

    private static func encode(_ policy: StoredPolicy) throws(PolicyError) -> [UInt8] {
        do { return Array(try JSONEncoder().encode(policy)) } catch {
            throw PolicyError(.storage(.invalidArgument), "the policy \"\(policy.name)\" cannot be encoded")
        }
    }
}
