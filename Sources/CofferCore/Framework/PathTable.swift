/// A backend's path table, taken once when the backend is mounted, so routing a request matches
/// patterns parsed in advance instead of building the table again.
public struct PathTable: Sendable {
    private let specs: [PathSpec]

    public init(_ backend: any Backend) {
        specs = backend.paths
    }

    /// The first path spec matching `path`, with its captures. The path is split once for all
    /// the patterns tried.
    public func route(_ path: String) -> (PathSpec, [String: String])? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        for spec in specs {
            if let captures = spec.pattern.match(parts: parts) { return (spec, captures) }
        }
        return nil
    }
}
