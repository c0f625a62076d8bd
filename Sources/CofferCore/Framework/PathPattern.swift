/// A backend path pattern: literal segments, `{name}` for one segment, `{name*}` for the rest.
///
/// `mounts/{path*}` matches `mounts/a/b` with `path = "a/b"`; a trailing `{name*}` also
/// matches the empty rest, so `{path*}` matches the mount root itself. Literal segments may
/// follow a `{name*}`: `mounts/{path*}/tune` matches `mounts/a/b/tune` with `path = "a/b"`.
public struct PathPattern: Sendable, CustomStringConvertible {
    enum Segment: Sendable {
        case literal(String)
        case capture(String)
        case rest(String)
    }

    public let description: String
    let segments: [Segment]

    public init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix("{") && part.hasSuffix("*}") {
                return .rest(String(part.dropFirst().dropLast(2)))
            }
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .capture(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// The captured values when `path` matches, else nil.
    public func match(_ path: String) -> [String: String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var captures: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest(let name):
                let tail = segments.dropFirst(index + 1).compactMap { segment -> String? in
                    if case .literal(let literal) = segment { return literal }
                    return nil
                }
                guard parts.count >= index + tail.count, parts.suffix(tail.count).map(String.init) == tail else {
                    return nil
                }
                if !tail.isEmpty && parts.count == index + tail.count { return nil }
                captures[name] = parts[index..<(parts.count - tail.count)].joined(separator: "/")
                return captures
            case .literal(let literal):
                guard index < parts.count, parts[index] == literal else { return nil }
            case .capture(let name):
                guard index < parts.count else { return nil }
                captures[name] = String(parts[index])
            }
        }
        return parts.count == segments.count ? captures : nil
    }
}
