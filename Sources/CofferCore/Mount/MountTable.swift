import CofferAPI
import Foundation
import Synchronization

/// The live mount table: routes request paths to backends and persists mounts behind the barrier.
///
/// The system backend is always mounted at `sys/` and is not stored. Routing takes the
/// longest mount point that prefixes the path and costs one dictionary lookup per path segment.
public final class MountTable: Sendable {
    static let storageKey = "core/mounts"
    static let systemPath = "sys/"

    private let registry: EngineRegistry
    private let mounted = Mutex<[String: Mounted]>([:])
    /// Changes to the table run one at a time: each reads the stored table and writes it back,
    /// so two at once would lose one's change.
    private let changes = SerialGate()

    init(registry: EngineRegistry) {
        self.registry = registry
    }

    /// The mount serving `path` and the path relative to it: the longest mount point that is a
    /// prefix of it. Only prefixes no longer than the longest mount point are looked up, so a path
    /// of many segments costs no more than a short one.
    public func route(_ path: String) -> (Mounted, String)? {
        let table = mounted.withLock { $0 }
        let longest = table.keys.reduce(0) { max($0, $1.utf8.count) }
        let utf8 = path.utf8
        var best: (mount: Mounted, end: String.Index)?
        var index = utf8.startIndex
        while index < utf8.endIndex, utf8.distance(from: utf8.startIndex, to: index) < longest {
            let next = utf8[index...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
            let end = next < utf8.endIndex ? utf8.index(after: next) : next
            guard utf8.distance(from: utf8.startIndex, to: end) <= longest else { break }
            let candidate = next < utf8.endIndex ? String(path[..<end]) : path + "/"
            if let mount = table[candidate] { best = (mount, end) }
            index = end
        }
        guard let best else { return nil }
        return (best.mount, String(path[best.end...]))
    }

    /// `route(_:)` for a request about to be served there: the mount counts it in, and the caller
    /// must `leave()` the mount when done. A mount closed meanwhile has been replaced already, so
    /// the request routes again.
    func routeToServe(_ path: String) -> (Mounted, String)? {
        while let routed = route(path) {
            if routed.0.enter() { return routed }
        }
        return nil
    }

    /// Every mount, keyed by mount point; auth methods are under `auth/`.
    public var entries: [String: MountEntry] {
        mounted.withLock { $0.mapValues(\.entry) }
    }

    /// Every mount with its backend, keyed by mount point.
    public var all: [String: Mounted] {
        mounted.withLock { $0 }
    }

    /// The mount with `uuid`, wherever it is mounted now.
    public func mounted(uuid: String) -> Mounted? {
        mounted.withLock { table in table.values.first { $0.entry.uuid == uuid } }
    }

    /// The mount at mount point `path`, without copying the others.
    public func entry(at path: String) -> MountEntry? {
        mounted.withLock { $0[path]?.entry }
    }

    /// Secrets engines only (what `sys/mounts` lists).
    public var secretMounts: [String: MountEntry] {
        entries.filter { !$0.key.hasBytePrefix(Self.authPrefix) }
    }

    /// Auth methods only, keyed without the `auth/` prefix (what `sys/auth` lists).
    public var authMounts: [String: MountEntry] {
        Dictionary(
            uniqueKeysWithValues: entries.filter { $0.key.hasBytePrefix(Self.authPrefix) }.map {
                (String($0.key.droppingBytes(Self.authPrefix.utf8.count)), $0.value)
            })
    }

    static let authPrefix = "auth/"
    static let tokenPath = "auth/token/"
    static let cubbyholePath = "cubbyhole/"

    /// Loads the stored table after unseal. `builtins` serve their types (`system`, `token`):
    /// `sys/` is always mounted and never stored; `auth/token/` is stored once tuned.
    func load(storage: any Storage, builtins: [String: any Backend]) async throws(CoreError) {
        var table: [String: Mounted] = [:]
        let systemEntry = MountEntry(
            path: Self.systemPath, type: "system",
            description: "system endpoints used for control, policy and debugging",
            accessor: "system_00000000", uuid: "00000000-0000-0000-0000-000000000000")
        var tokenEntry = MountEntry(
            path: Self.tokenPath, type: "token", description: "token based credentials",
            accessor: "auth_token_00000000", uuid: "00000000-0000-0000-0000-000000000001")
        var stored: [MountEntry] = []
        for entry in try await self.stored(storage) {
            if entry.path == Self.tokenPath { tokenEntry = entry } else { stored.append(entry) }
        }
        let cubbyholeEntry = MountEntry(
            path: Self.cubbyholePath, type: "cubbyhole", description: "per-token private secret storage",
            accessor: "cubbyhole_00000000", uuid: "00000000-0000-0000-0000-000000000002", local: true)
        for entry in [systemEntry, tokenEntry, cubbyholeEntry] {
            guard let backend = builtins[entry.type] else { continue }
            table[entry.path] = Mounted(entry: entry, backend: backend, storage: StorageView(storage, prefix: ""))
        }
        for entry in stored {
            table[entry.path] = try mount(entry, storage: storage)
        }
        mounted.withLock { $0 = table }
    }

    /// Changes a mount's settings and persists the table.
    public func tune(
        path rawPath: String, storage: any Storage, _ change: (inout MountEntry) throws(CoreError) -> Void
    ) async throws(CoreError) {
        try await changes.run { () async throws(CoreError) -> Void in
            let path = Self.normalize(rawPath)
            guard let current = mounted.withLock({ $0[path] }) else {
                throw .badRequest("no mount at \(path)")
            }
            if path == Self.systemPath { throw .badRequest("cannot tune \"sys/\"") }
            var entry = current.entry
            try change(&entry)
            let updated =
                MountEntry.builtinTypes.contains(entry.type)
                ? Mounted(entry: entry, backend: current.backend, storage: current.storage, routes: current.routes)
                : try self.mount(entry, storage: storage)
            var all = try await stored(storage).filter { $0.path != path }
            all.append(updated.entry)
            try await save(all, storage: storage)
            mounted.withLock { $0[path] = updated }
        }
    }

    /// Changes a mount's options, letting its engine migrate its data first; returns its warnings.
    public func changeOptions(
        path rawPath: String, options: [String: String], storage: any Storage
    ) async throws(CoreError) -> [String] {
        try await changes.run { () async throws(CoreError) -> [String] in
            let path = Self.normalize(rawPath)
            guard let current = mounted.withLock({ $0[path] }) else { throw .badRequest("no mount at \(path)") }
            try Self.checkOptionsTunable(current.entry)
            let merged = current.entry.options.merging(options) { _, new in new }
            guard merged != current.entry.options else { return [] }
            var entry = current.entry
            entry.options = merged
            if MountEntry.builtinTypes.contains(entry.type) {
                // The token store keeps its options, as the reference does; it has no data to move.
                let updated = Mounted(
                    entry: entry, backend: current.backend, storage: current.storage, routes: current.routes)
                var all = try await stored(storage).filter { $0.path != path }
                all.append(entry)
                try await save(all, storage: storage)
                mounted.withLock { $0[path] = updated }
                return []
            }
            // The engine may move the mount's data: no request may write the old layout meanwhile.
            // Nothing below may leave the mount paused.
            let paused = Mounted(entry: current.entry, backend: PausedBackend(), storage: current.storage)
            mounted.withLock { $0[path] = paused }
            await current.closeAndDrain()
            let warnings: [String]
            let remounted: Mounted
            do throws(CoreError) {
                warnings = try await registry.optionsChanged(
                    MountContext(entry: current.entry, storage: current.storage), to: merged)
                remounted = try mount(entry, storage: storage)
            } catch {
                let reopened = Mounted(
                    entry: current.entry, backend: current.backend, storage: current.storage, routes: current.routes)
                mounted.withLock { $0[path] = reopened }
                throw error
            }
            mounted.withLock { $0[path] = remounted }
            var all = try await stored(storage).filter { $0.path != path }
            all.append(entry)
            try await save(all, storage: storage)
            return warnings
        }
    }

    /// Refuses options on the mounts whose options the reference does not tune (`sys/`, `cubbyhole/`).
    public static func checkOptionsTunable(_ entry: MountEntry) throws(CoreError) {
        if entry.type == "system" || entry.type == "cubbyhole" {
            throw .badRequest("cannot tune parameter options of \(entry.path)")
        }
    }

    /// Moves a secrets engine to another path; its data (kept by the mount's id) moves with it.
    public func remount(from rawFrom: String, to rawTo: String, storage: any Storage) async throws(CoreError) {
        try await changes.run { () async throws(CoreError) -> Void in
            let from = Self.normalize(rawFrom)
            let to = Self.normalize(rawTo)
            for builtin in [Self.systemPath, Self.cubbyholePath, Self.tokenPath] {
                if from == builtin { throw .badRequest("cannot remount \"\(builtin)\"") }
                if to == builtin || to.hasBytePrefix(Self.authPrefix) {
                    throw .badRequest("cannot remount to destination \(to)")
                }
            }
            guard let current = mounted.withLock({ $0[from] }) else { throw .badRequest("no matching mount at \"\(from)\"") }
            for existing in mounted.withLock({ Array($0.keys) }) where existing.hasBytePrefix(to) || to.hasBytePrefix(existing) {
                throw .badRequest("path already in use at \"\(existing)\"")
            }
            var entry = current.entry
            entry.path = to
            var all = try await stored(storage).filter { $0.path != from }
            all.append(entry)
            try await save(all, storage: storage)
            let relocated = Mounted(
                entry: entry, backend: current.backend, storage: current.storage, routes: current.routes)
            mounted.withLock {
                $0[from] = nil
                $0[to] = relocated
            }
        }
    }

    /// Forgets every mount (on seal).
    func clear() {
        mounted.withLock { $0 = [:] }
    }

    /// Mounts a new engine of `type` at `path` (an auth method of `type` at `auth/<path>` when
    /// `authMethod`); the path must not overlap an existing mount.
    public func enable(
        path rawPath: String, type requestedType: String, description: String, options: [String: String],
        defaultLeaseTTL: Int64, maxLeaseTTL: Int64, storage: any Storage, authMethod: Bool = false
    ) async throws(CoreError) {
        try await changes.run { () async throws(CoreError) -> Void in
            let relative = Self.normalize(rawPath)
            guard !relative.isEmpty, relative != "/" else { throw .badRequest("path cannot be empty") }
            let path = authMethod ? Self.authPrefix + relative : relative
            let resolved =
                authMethod
                ? (registry.isCredential(requestedType) ? (requestedType, [:]) : nil)
                : registry.resolve(requestedType)
            guard let (type, aliasOptions) = resolved else {
                throw .badRequest("plugin not found in the catalog: \(requestedType)")
            }
            try checkFree(path, authMethod: authMethod)
            let entry = MountEntry(
                path: path, type: type, description: description,
                accessor: (authMethod ? "auth_" : "") + "\(type)_\(Self.shortID())", uuid: UUID().uuidString.lowercased(),
                options: aliasOptions.merging(options) { _, requested in requested },
                defaultLeaseTTL: defaultLeaseTTL, maxLeaseTTL: maxLeaseTTL)
            let mount = try mount(entry, storage: storage)
            var all = try await stored(storage)
            all.append(entry)
            try await save(all, storage: storage)
            mounted.withLock { $0[path] = mount }
        }
    }

    /// Removes the mount at `path` and all of its data; an auth method only when `authMethod`
    /// (through `sys/auth`), a secrets engine only when not (through `sys/mounts`). `revoke` runs
    /// once the mount is known to exist and may be removed, before anything is removed; if it
    /// throws, nothing is. Returns whether there was a mount to remove.
    @discardableResult
    public func disable(
        path rawPath: String, storage: any Storage, authMethod: Bool = false,
        beforeRemoving revoke: (MountEntry) async throws(CoreError) -> Void = { _ in }
    ) async throws(CoreError) -> Bool {
        try await changes.run { () async throws(CoreError) -> Bool in
            let path = Self.normalize(rawPath)
            if path.hasBytePrefix(Self.authPrefix) != authMethod { throw .badRequest("cannot unmount \"\(path)\"") }
            if path == Self.systemPath { throw .badRequest("cannot unmount \"sys/\"") }
            if path == Self.tokenPath { throw .badRequest("token credential backend cannot be disabled") }
            if path == Self.cubbyholePath { throw .badRequest("cannot unmount \"cubbyhole/\"") }
            let all = try await stored(storage)
            guard let entry = all.first(where: { $0.path == path }) else { return false }
            try await revoke(entry)
            try await save(all.filter { $0.path != path }, storage: storage)
            mounted.withLock { _ = $0.removeValue(forKey: path) }
            let data = StorageView(storage, prefix: Self.dataPrefix(entry))
            do throws(StorageError) {
                for key in try await data.keys(under: "") { try await data.delete(key) }
            } catch {
                throw .internalError(
                    "mount \(path) was removed but its data could not be deleted: \(error.message)")
            }
            return true
        }
    }

    /// `path` without leading or trailing slashes: the form in which a mount is named in an ACL path
    /// (`sys/mounts/secret`).
    @Sendable public static func bareName(_ path: String) -> String {
        String(normalize(path).dropLast())
    }

    /// `path` with exactly one trailing slash and no leading slash.
    public static func normalize(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasBytePrefix("/") { trimmed = trimmed.dropFirst() }
        while trimmed.hasByteSuffix("/") { trimmed = trimmed.droppingLastBytes(1) }
        return trimmed.isEmpty ? "" : trimmed + "/"
    }

    private func checkFree(_ path: String, authMethod: Bool) throws(CoreError) {
        if !authMethod, Self.reservedPrefixes.contains(where: { path.hasBytePrefix($0) || $0.hasBytePrefix(path) }) {
            throw .badRequest("cannot mount \"\(path)\"")
        }
        for existing in mounted.withLock({ Array($0.keys) }) where existing.hasBytePrefix(path) || path.hasBytePrefix(existing)
        {
            let shown = authMethod ? String(existing.droppingBytes(Self.authPrefix.utf8.count)) : existing
            throw .badRequest("path is already in use at \(shown)")
        }
    }

    /// Where no secrets engine may be mounted: the auth methods' tree and the built-in mounts.
    private static let reservedPrefixes = [authPrefix, systemPath, cubbyholePath, "identity/"]

    private func mount(_ entry: MountEntry, storage: any Storage) throws(CoreError) -> Mounted {
        let view = StorageView(storage, prefix: Self.dataPrefix(entry))
        let backend = try registry.make(MountContext(entry: entry, storage: view))
        return Mounted(entry: entry, backend: backend, storage: view)
    }

    private static func dataPrefix(_ entry: MountEntry) -> String { "logical/\(entry.uuid)/" }

    private static func shortID() -> String {
        String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8))
    }

    private func stored(_ storage: any Storage) async throws(CoreError) -> [MountEntry] {
        let bytes: [UInt8]?
        do { bytes = try await storage.get(Self.storageKey) } catch {
            throw .internalError("failed to read the mount table: \(error.message)")
        }
        guard let bytes else { return [] }
        let entries: [MountEntry]
        do { entries = try JSONDecoder().decode([MountEntry].self, from: Data(bytes)) } catch {
            throw .internalError("the stored mount table is unreadable")
        }
        return entries.map { entry in
            var bounded = entry
            bounded.defaultLeaseTTL = BoundedDuration(clamping: entry.defaultLeaseTTL).seconds
            bounded.maxLeaseTTL = BoundedDuration(clamping: entry.maxLeaseTTL).seconds
            return bounded
        }
    }

    private func save(_ entries: [MountEntry], storage: any Storage) async throws(CoreError) {
        do {
            let data = try JSONEncoder().encode(entries)
            try await storage.put(Self.storageKey, Array(data))
        } catch let error as StorageError {
            throw .internalError("failed to persist the mount table: \(error.message)")
        } catch {
            throw .internalError("failed to encode the mount table")
        }
    }
}
