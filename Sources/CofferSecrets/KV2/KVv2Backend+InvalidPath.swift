import CofferAPI
import CofferCore

/// Requests outside `config`, `data/`, `metadata/`, `delete/`, `undelete/`, `destroy/` and `subkeys/`:
/// usually a client that speaks KV version 1 to a version 2 mount. They get a 404 with a hint.
extension KVv2Backend {
    /// Answers a path the versioned API does not serve; a write to the mount root is refused as a folder write.
    func invalidPath(_ request: BackendRequest) async throws -> Response? {
        if request.path.isEmpty, [.create, .update, .patch].contains(request.operation) {
            throw CoreError.badRequest(RequestPath.trailingSlashWriteRefusal)
        }
        let hint =
            "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints "
            + "to use. If using the Coffer CLI, use 'coffer kv \(Self.command(for: request.operation))' for "
            + "this operation."
        return Response(warnings: [hint], status: 404)
    }

    /// `handler` for `<prefix>/<path>`; the bare prefix (`data` without a slash) gets `bare` instead.
    func unlessBare(_ handler: @escaping PathHandler, else bare: @escaping PathHandler) -> PathHandler {
        { request in
            if request.capture("path").isEmpty && !request.original.path.hasByteSuffix("/") {
                return try await bare(request)
            }
            return try await handler(request)
        }
    }

    /// The answer to anything but a list on a bare prefix such as `data` or `metadata`.
    func prefixRoot(_ request: BackendRequest) async throws -> Response? {
        Response(warnings: ["Non-listing operations on the root of a K/V v2 mount are not supported."], status: 404)
    }

    private static func command(for operation: Operation) -> String {
        switch operation {
        case .read, .head, .help: return "get"
        case .list: return "list"
        case .create, .update: return "put"
        case .patch: return "patch"
        case .delete: return "delete"
        }
    }
}
