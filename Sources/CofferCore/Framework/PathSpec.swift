import CofferAPI

/// What a handler receives: the request relative to its mount, and the mount's storage.
public struct BackendRequest: Sendable {
    public var operation: Operation
    /// The path below the mount point.
    public var path: String
    public var captures: [String: String]
    public var data: [String: JSONValue]
    public var query: [String: String]
    /// The mount's own storage, already behind the barrier.
    public var storage: any Storage
    public var mountPath: String
    /// The original request, for the few handlers that need more (e.g. the client token).
    public var original: Request
    /// The token that made the request, when the path needs one.
    public var caller: ResolvedToken?
    /// `data` converted to the types the path's field table declares.
    public var fields = FieldValues.undeclared

    /// The capture named `name`; patterns guarantee it exists when the handler runs.
    public func capture(_ name: String) -> String { captures[name] ?? "" }
}

/// A handler for one operation on one path pattern.
public typealias PathHandler = @Sendable (BackendRequest) async throws -> Response?

/// One entry of a backend's path table: a pattern and the operations it supports. What it
/// declares sits in one shared, immutable box, so routing a request copies one reference.
public struct PathSpec: Sendable {
    private struct Definition: Sendable {
        let pattern: PathPattern
        let help: String
        var fieldTable: FieldTable?
        var handlers: [Operation: PathHandler] = [:]
        var unauthenticated = false
        var availableWhileSealed = false
        var sudoOperations: Set<Operation> = []
        var checksOwnAccess = false
        var normalizers: [String: @Sendable (String) -> String] = [:]
        var existenceCheck: (@Sendable (BackendRequest) async throws -> Bool)?
    }

    private final class Box: Sendable {
        let definition: Definition
        init(_ definition: Definition) { self.definition = definition }
    }

    private let box: Box

    public var pattern: PathPattern { box.definition.pattern }
    public var help: String { box.definition.help }
    /// The fields the path reads; nil while the path reads its `data` itself.
    public var fieldTable: FieldTable? { box.definition.fieldTable }
    public var handlers: [Operation: PathHandler] { box.definition.handlers }
    /// Paths that answer without a token (login, `sys/health`, …).
    public var unauthenticated: Bool { box.definition.unauthenticated }
    /// Paths that answer while the server is sealed or uninitialized.
    public var availableWhileSealed: Bool { box.definition.availableWhileSealed }
    /// Root-protected operations: the caller needs `sudo` on the path besides their capability.
    public var sudoOperations: Set<Operation> { box.definition.sudoOperations }
    /// Paths that need a live token but make their own access check instead of the ACL's.
    public var checksOwnAccess: Bool { box.definition.checksOwnAccess }
    /// Captures a handler reads in a normalized form (lower case, trimmed, without slashes): the
    /// request must be allowed on the path with the normalized names too, so a name the ACL denies
    /// cannot be reached through another spelling of it.
    public var normalizers: [String: @Sendable (String) -> String] { box.definition.normalizers }
    /// Whether the target exists, which turns a write into `create` or `update` for policy checks.
    public var existenceCheck: (@Sendable (BackendRequest) async throws -> Bool)? { box.definition.existenceCheck }

    public init(_ pattern: String, help: String) {
        box = Box(Definition(pattern: PathPattern(pattern), help: help))
    }

    private init(_ definition: Definition) {
        box = Box(definition)
    }

    /// This spec with `change` made to what it declares.
    private func with(_ change: (inout Definition) -> Void) -> PathSpec {
        var definition = box.definition
        change(&definition)
        return PathSpec(definition)
    }

    /// Adds `handler` for each of `operations`.
    public func on(_ operations: Operation..., handler: @escaping PathHandler) -> PathSpec {
        with { for operation in operations { $0.handlers[operation] = handler } }
    }

    /// Declares the fields the path reads: requests are converted to their types before a handler
    /// runs, and fields the path does not declare are answered with the reference's warning.
    public func fields(_ fields: FieldSpec...) -> PathSpec {
        self.fields(fields)
    }

    /// The same, for a table several paths share.
    public func fields(_ fields: [FieldSpec]) -> PathSpec {
        with { $0.fieldTable = FieldTable(fields, takesArbitraryFields: false) }
    }

    /// Declares that the path stores whatever fields it is sent (a KV secret), besides `fields`.
    public func arbitraryFields(_ fields: FieldSpec...) -> PathSpec {
        with { $0.fieldTable = FieldTable(fields, takesArbitraryFields: true) }
    }

    /// Marks the path as answering without a token.
    public func withoutToken() -> PathSpec {
        with { $0.unauthenticated = true }
    }

    /// Adds an existence check: writes to a missing target need `create`, to an existing one `update`.
    public func exists(_ check: @escaping @Sendable (BackendRequest) async throws -> Bool) -> PathSpec {
        with { $0.existenceCheck = check }
    }

    /// Marks the path as needing a token but deciding access itself (e.g. a preflight check).
    public func tokenOnly() -> PathSpec {
        with { $0.checksOwnAccess = true }
    }

    /// Declares that handlers act on `capture` as `normalize` turns it; a pattern without that
    /// capture is left as it is.
    public func normalizing(_ capture: String, with normalize: @escaping @Sendable (String) -> String) -> PathSpec {
        guard pattern.captureNames.contains(capture) else { return self }
        return with { $0.normalizers[capture] = normalize }
    }

    /// The path a request on `path` (with `captures`, below `mountPath`) reaches once its captures
    /// are normalized; nil when that is `path` itself.
    func normalizedPath(_ path: String, mountPath: String, captures: [String: String], operation: Operation)
        -> String?
    {
        guard !normalizers.isEmpty else { return nil }
        var normalized = captures
        for (name, normalize) in normalizers {
            if let value = captures[name] { normalized[name] = normalize(value) }
        }
        var rendered = mountPath + pattern.render(normalized)
        if operation == .list, !rendered.hasByteSuffix("/") { rendered += "/" }
        return rendered == path ? nil : rendered
    }

    /// Marks the path as root-protected: `sudo` is needed too, for every operation or for those
    /// given (`sys/leases/lookup` is a plain lookup, but listing leases under it needs `sudo`).
    public func sudo(_ operations: Operation...) -> PathSpec {
        with { $0.sudoOperations = operations.isEmpty ? Set(Operation.allCases) : Set(operations) }
    }

    /// Whether `operation` on this path needs `sudo`.
    public func requiresSudo(_ operation: Operation) -> Bool { sudoOperations.contains(operation) }

    /// Marks the path as answering while sealed (implies no token).
    public func whileSealed() -> PathSpec {
        with {
            $0.unauthenticated = true
            $0.availableWhileSealed = true
        }
    }
}

/// A secrets engine, auth method or the system backend: a table of paths.
public protocol Backend: Sendable {
    /// What the backend is for, shown by `path-help` on its mount's root.
    var summary: String { get }
    /// The path table, matched in order; the first matching pattern handles the request.
    var paths: [PathSpec] { get }
}

