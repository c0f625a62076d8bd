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
    /// The literal segments after a `{name*}`, which the end of a path must repeat.
    private let restTail: [String]

    public init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasBytePrefix("{") && part.hasByteSuffix("*}") {
                return .rest(String(part.dropFirst().dropLast(2)))
            }
            if part.hasBytePrefix("{") && part.hasByteSuffix("}") {
                return .capture(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
        if let rest = segments.firstIndex(where: { if case .rest = $0 { true } else { false } }) {
            restTail = segments[(rest + 1)...].compactMap { segment -> String? in
                if case .literal(let literal) = segment { return literal }
                return nil
            }
        } else {
            restTail = []
        }
    }

    /// The names of the pattern's captures.
    public var captureNames: [String] {
        segments.compactMap { segment in
            switch segment {
            case .capture(let name), .rest(let name): name
            case .literal: nil
            }
        }
    }

    /// The path this pattern matches with `captures` in place; an empty rest capture leaves its
    /// segment out.
    func render(_ captures: [String: String]) -> String {
        var parts: [String] = []
        for segment in segments {
            switch segment {
            case .literal(let literal): parts.append(literal)
            case .capture(let name): parts.append(captures[name] ?? "")
            case .rest(let name):
                if let value = captures[name], !value.isEmpty { parts.append(value) }
            }
        }
        return parts.joined(separator: "/")
    }

    /// The pattern as the reference's help shows its routes, a regular expression; a rest capture
    /// that ends the pattern may be empty: `leases/renew/{url_lease_id*}` is
    /// `^leases/renew(/(?P<url_lease_id>.+))?$`.
    public var routeExpression: String {
        var expression = ""
        for (index, segment) in segments.enumerated() {
            let separator = index == 0 ? "" : "/"
            switch segment {
            case .literal(let literal): expression += separator + literal
            case .capture(let name): expression += separator + "(?P<\(name)>[^/]+)"
            case .rest(let name) where index == segments.count - 1:
                expression += index == 0 ? "(?P<\(name)>.*)" : "(/(?P<\(name)>.+))?"
            case .rest(let name): expression += separator + "(?P<\(name)>.+)"
            }
        }
        return "^" + expression + "$"
    }

    /// The pattern as an OpenAPI path template: each capture a `{name}` parameter.
    public var openAPITemplate: String {
        let parts = segments.map { segment in
            switch segment {
            case .literal(let literal): literal
            case .capture(let name), .rest(let name): "{\(name)}"
            }
        }
        return parts.joined(separator: "/")
    }

    /// The name of the capture that ends the pattern; nil when it ends in a literal segment.
    var lastCaptureName: String? {
        switch segments.last {
        case .capture(let name), .rest(let name): name
        case .literal, nil: nil
        }
    }

    /// The captured values when `path` matches, else nil.
    public func match(_ path: String) -> [String: String]? {
        match(parts: path.slashSeparated(omittingEmpty: true))
    }

    /// The captured values when the path split at `/` into `parts` matches, else nil; a table
    /// splits each request path once and tries every pattern on the parts.
    func match(parts: [Substring]) -> [String: String]? {
        var captures: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest(let name):
                let tail = restTail
                guard parts.count >= index + tail.count, parts.suffix(tail.count).elementsEqual(tail, by: { $0 == $1 })
                else { return nil }
                if !tail.isEmpty && parts.count == index + tail.count { return nil }
                captures[name] = Self.joined(parts[index..<(parts.count - tail.count)])
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

    /// The parts joined by `/`: the text they were split from when one `/` separates each from
    /// the next there, as in every canonical path, without building it anew.
    private static func joined(_ parts: ArraySlice<Substring>) -> String {
        guard let first = parts.first, let last = parts.last else { return "" }
        let joinedLength = parts.reduce(parts.count - 1) { $0 + $1.utf8.count }
        let span = first.base.utf8[first.startIndex..<last.endIndex]
        guard first.base == last.base, span.count == joinedLength else { return parts.joined(separator: "/") }
        return String(Substring(span))
    }
}
