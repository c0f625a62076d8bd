/// What KV version 1 and the cubbyhole share: one JSON object per path, listed by folder. Engines
/// that keep one record per name under a prefix (transit keys, AppRole roles, userpass users) list
/// them the same way.
public enum JSONObjectPaths {
    /// `LIST <path>`: the children of `path` as `keys` (folders end in `/`); 404 when there are none.
    public static func list(_ path: String, in storage: any Storage) async throws -> Response {
        var prefix = path
        if !prefix.isEmpty, !prefix.hasByteSuffix("/") { prefix += "/" }
        let keys = try await storage.list(prefix: prefix)
        if keys.isEmpty { throw CoreError.notFoundEmpty }
        return Response(data: ["keys": .array(keys.map { .string($0) })])
    }

    /// Refuses a write to a folder path or without data, with Vault's messages.
    public static func checkWritable(_ request: BackendRequest) throws(CoreError) {
        if request.path.isEmpty || request.original.path.hasByteSuffix("/") {
            throw .badRequest(RequestPath.trailingSlashWriteRefusal)
        }
        if request.data.isEmpty { throw .badRequest("missing data fields") }
    }
}
