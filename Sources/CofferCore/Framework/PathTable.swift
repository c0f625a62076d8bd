/// A backend's path table, taken once when the backend is mounted, so routing a request matches
/// patterns parsed in advance instead of building the table again.
public struct PathTable: Sendable {
    /// The backend's paths, in the order they are matched.
    public let specs: [PathSpec]
    /// By a path's first segment, the specs that may match it, in table order: those starting with
    /// that literal and those starting with a capture.
    private let candidatesByFirstSegment: [Substring: [Int]]
    /// The specs a path whose first segment no pattern starts with may match.
    private let candidatesStartingWithCapture: [Int]

    public init(_ backend: any Backend) {
        specs = backend.paths
        var firstLiterals: [Int: Substring] = [:]
        for (index, spec) in specs.enumerated() {
            if case .literal(let literal)? = spec.pattern.segments.first { firstLiterals[index] = Substring(literal) }
        }
        let startingWithCapture = specs.indices.filter { firstLiterals[$0] == nil }
        var byFirstSegment: [Substring: [Int]] = [:]
        for literal in Set(firstLiterals.values) {
            byFirstSegment[literal] = specs.indices.filter { firstLiterals[$0] == nil || firstLiterals[$0] == literal }
        }
        candidatesByFirstSegment = byFirstSegment
        candidatesStartingWithCapture = startingWithCapture
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
        let candidates = parts.first.flatMap { candidatesByFirstSegment[$0] } ?? candidatesStartingWithCapture
        for index in candidates {
            let spec = specs[index]
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
