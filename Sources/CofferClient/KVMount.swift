/// The KV secrets engine serving a path, as `GET /v1/sys/internal/ui/mounts/:path` reports it.
public struct KVMount: Sendable, Equatable {
    /// The mount's path with its trailing slash, such as `secret/`; empty when the server did not say.
    public var path: String
    /// The engine's version: 2 for versioned KV, else 1.
    public var version: Int

    /// A mount at `path` of `version`.
    public init(path: String, version: Int) {
        self.path = path
        self.version = version
    }
}

extension CofferClient {
    /// `GET /v1/sys/internal/ui/mounts/:path`: the mount serving `path` and its KV version.
    ///
    /// A server without that endpoint (404) is taken to serve KV version 1. The request is never wrapped.
    public func kvMount(for path: String) async throws(ClientError) -> KVMount {
        let data: JSONValue?
        do throws(ClientError) {
            data = try await withoutWrapping().request("GET", "sys/internal/ui/mounts/\(path)").data
        } catch  where error.statusCode == 404 {
            return KVMount(path: "", version: 1)
        }
        let version = data?["options"]?["version"]?.stringValue == "2" ? 2 : 1
        return KVMount(path: data?["path"]?.stringValue ?? "", version: version)
    }
}
