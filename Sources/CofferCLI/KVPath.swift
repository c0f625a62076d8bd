import CofferClient

/// API paths as the `kv` commands derive them from a user's path and the mount serving it.
enum KVPath {
    /// `path` without surrounding whitespace and without leading or trailing slashes.
    static func sanitized(_ path: String) -> String {
        var text = Substring(path.trimmingWhitespace)
        while text.hasBytePrefix("/") { text = text.dropFirst() }
        while text.hasByteSuffix("/") { text = text.droppingLastBytes(1) }
        return String(text)
    }

    /// `parts` joined by `/` and cleaned as a Unix path: no empty or `.` segments, `..` drops the
    /// segment before it, no leading or trailing slash.
    static func joined(_ parts: String...) -> String {
        var segments: [Substring] = []
        for segment in parts.joined(separator: "/").split(separator: "/") where segment != "." {
            if segment == ".." {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// The versioned-KV API path for `path` under `api` (`data`, `metadata`, `delete`, …) on the
    /// mount at `mount`: `secret/app` on `secret/` becomes `secret/data/app`; the mount itself
    /// becomes `secret/data`.
    static func prefixed(_ path: String, mount: String, api: String) -> String {
        var bare = Substring(mount)
        while bare.hasByteSuffix("/") { bare = bare.droppingLastBytes(1) }
        if path == mount || path == bare { return joined(mount, api) }
        let rest = path.hasBytePrefix(mount) ? String(path.droppingBytes(mount.utf8.count)) : path
        return joined(mount, api, rest)
    }
}

/// What a `kv` command's path argument names: the mount serving it, its KV version, and the
/// path to translate.
struct KVTarget: Equatable {
    /// The mount's path as the server reports it, such as `secret/`.
    let mount: String
    /// Whether the mount is a versioned (v2) KV engine.
    let isVersioned: Bool
    /// The path including the mount (`secret/app`).
    let path: String

    /// The target of `argument`, or with `-mount` of `argument` inside that mount, on `found`.
    init(argument: String, mountFlag: String?, found: KVMount) {
        mount = found.path
        isVersioned = found.version == 2
        let partial = KVPath.sanitized(argument)
        path = mountFlag == nil ? partial : KVPath.joined(found.path, partial)
    }

    /// The path to send: under `api` on a versioned mount, else the path itself.
    func apiPath(_ api: String) -> String {
        isVersioned ? KVPath.prefixed(path, mount: mount, api: api) : path
    }

    /// Asks the server which mount serves `argument` (or the `-mount` flag's path); a failure is
    /// printed as the server's error and exits 2.
    static func resolve(
        _ argument: String, mountFlag: String?, client: CofferClient
    ) async throws(CommandFailure) -> KVTarget {
        let mountFlag = mountFlag.flatMap { $0.isEmpty ? nil : $0 }
        let asked = KVPath.sanitized(mountFlag ?? argument)
        do throws(ClientError) {
            return KVTarget(argument: argument, mountFlag: mountFlag, found: try await client.kvMount(for: asked))
        } catch {
            throw .remote(error.description)
        }
    }
}
