/// A backend's path table, taken once when the backend is mounted, so routing a request matches
/// patterns parsed in advance instead of building the table again.
public struct PathTable: Sendable {
    /// The backend's paths, in the order they are matched.
    public let specs: [PathSpec]

    public init(_ backend: any Backend) {
        specs = backend.paths
    }

    /// The first path spec matching `path` (canonical: no empty segment but a trailing one), with
    /// its captures. The path is split once for all the patterns tried.
    ///
    /// A trailing slash names a folder for `list`; for any other operation it stays part of the
    /// last captured name (`policy/{name}` reads `a/` for `policy/a/`, never `a`), so a pattern
    /// ending in a literal does not match it. A handler thus acts on the very name the ACL saw.
    public func route(_ path: String, operation: Operation = .read) -> (PathSpec, [String: String])? {
        let parts = path.slashSeparated(omittingEmpty: true)
        let slashInName = operation != .list && path.hasByteSuffix("/")
        for spec in specs {
            guard var captures = spec.pattern.match(parts: parts) else { continue }
            if slashInName {
                guard let last = spec.pattern.lastCaptureName, let name = captures[last], !name.isEmpty else {
                    continue
                }
                captures[last] = name + "/"
            }
            return (spec, captures)
        }
        return nil
    }
}
