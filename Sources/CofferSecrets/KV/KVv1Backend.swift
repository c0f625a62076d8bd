import CofferAPI
import CofferCore

/// The key/value engine, version 1: each path holds one JSON object, no versions.
///
/// A `ttl` field in the stored data sets the `lease_duration` readers see, as Vault does.
struct KVv1Backend: Backend {
    let defaultLeaseTTL: Int64

    let summary = "Key/value secrets, stored as they are sent and encrypted by the barrier; a write replaces\nthe secret at its path. A `ttl` field sets the lease duration readers see."

    var paths: [PathSpec] {
        [
            PathSpec("{path*}", help: "Read, write, list and delete key/value secrets.")
                .on(.read, handler: read)
                .on(.list, handler: list)
                .on(.create, .update, handler: write)
                .on(.delete, handler: delete)
                .exists { request in try await request.storage.get(request.path) != nil }
                .arbitraryFields(FieldSpec("path", .string, "The secret's path below the mount."))
        ]
    }

    private func read(_ request: BackendRequest) async throws -> Response? {
        guard let bytes = try await request.storage.get(request.path) else { throw CoreError.notFoundEmpty }
        guard let data = try JSONValue(parsing: bytes).objectValue else {
            throw CoreError.internalError("the stored secret at \(request.path) is not an object")
        }
        var lease = defaultLeaseTTL
        if let ttl = data["ttl"], ttl != .null, ttl != .string("") {
            lease = BoundedDuration(stored: ttl).seconds
        }
        return Response(data: data, leaseDuration: lease)
    }

    private func list(_ request: BackendRequest) async throws -> Response? {
        try await JSONObjectPaths.list(request.path, in: request.storage)
    }

    private func write(_ request: BackendRequest) async throws -> Response? {
        try JSONObjectPaths.checkWritable(request)
        if let ttl = request.data["ttl"] {
            _ = try FieldReader(["ttl": ttl]).duration("ttl")
        }
        try await request.storage.put(request.path, JSONValue.object(request.data).serialized())
        return nil
    }

    private func delete(_ request: BackendRequest) async throws -> Response? {
        try await request.storage.delete(request.path)
        return nil
    }
}
