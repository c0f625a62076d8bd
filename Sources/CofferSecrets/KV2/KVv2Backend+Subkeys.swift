import CofferAPI
import CofferCore

/// `<mount>/subkeys/<path>`: a version's keys with every leaf value replaced by null.
extension KVv2Backend {
    static let subkeysFields = [
        FieldSpec("path", .string, "The key's path."),
        FieldSpec("version", .int, "The version; the latest when not given."),
        FieldSpec("depth", .int, "How many levels of keys to show; 0 for all."),
    ]

    /// `GET subkeys/<path>[?version=N&depth=D]`; `depth` 0 means unlimited, 1 the top level only.
    func readSubkeys(_ request: BackendRequest) async throws -> Response? {
        let key = request.capture("path")
        let fields = request.fields
        let wanted = try fields.int("version") ?? 0
        let depth = try fields.int("depth") ?? 0
        let store = KVv2Store(storage: request.storage)
        guard let metadata = try await store.metadata(key),
            let version = metadata.version(wanted > 0 ? wanted : metadata.currentVersion)
        else { throw CoreError.notFoundEmpty }
        let described = JSONValue.object(metadata.describe(version))
        guard version.isReadable(at: now()), let data = try await store.data(key, version: version.version) else {
            return Response(data: ["metadata": described, "subkeys": .null], status: 404)
        }
        return Response(
            data: ["metadata": described, "subkeys": Self.structure(of: data, depth: depth, level: 1)])
    }

    /// The object with nested objects kept down to `depth` levels and everything else null.
    private static func structure(of object: [String: JSONValue], depth: Int64, level: Int64) -> JSONValue {
        .object(
            object.mapValues { value in
                guard case .object(let inner) = value, depth == 0 || level < depth else { return .null }
                return structure(of: inner, depth: depth, level: level + 1)
            })
    }
}
