import CofferAPI
import Foundation

/// `cubbyhole/`: private key/value storage per service token, readable only with that token and
/// destroyed when the token is revoked or expires. Stored under `cubbyhole/<token key>/`.
struct CubbyholeBackend: Backend {
    static let storagePrefix = "cubbyhole/"

    let summary = "Private key/value storage for each service token, readable only with that token and gone\nonce the token is revoked or expires."

    var paths: [PathSpec] {
        [
            PathSpec("{path*}", help: "Read, write, list and delete the calling token's private secrets.")
                .on(.read, handler: read)
                .on(.list, handler: list)
                .on(.create, .update, handler: write)
                .on(.delete, handler: delete)
                .exists { request in try await Self.view(request).get(request.path) != nil }
                .arbitraryFields(FieldSpec("path", .string, "The secret's path below the cubbyhole."))
        ]
    }

    /// The storage of the calling token's cubbyhole; batch tokens have none.
    static func view(_ request: BackendRequest) throws(CoreError) -> StorageView {
        guard let caller = request.caller else { throw .permissionDenied }
        guard let key = caller.key else {
            throw .badRequest("cubbyhole operations are only supported by 'service' type tokens")
        }
        return StorageView(request.storage, prefix: storagePrefix + key + "/")
    }

    private func read(_ request: BackendRequest) async throws -> Response? {
        guard let bytes = try await Self.view(request).get(request.path) else { throw CoreError.notFoundEmpty }
        return Response(data: try JSONValue(parsing: bytes).objectValue ?? [:])
    }

    private func list(_ request: BackendRequest) async throws -> Response? {
        try await JSONObjectPaths.list(request.path, in: Self.view(request))
    }

    private func write(_ request: BackendRequest) async throws -> Response? {
        try JSONObjectPaths.checkWritable(request)
        try await Self.view(request).put(request.path, JSONValue.object(request.data).serialized())
        return nil
    }

    private func delete(_ request: BackendRequest) async throws -> Response? {
        try await Self.view(request).delete(request.path)
        return nil
    }
}
