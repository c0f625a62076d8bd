#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A successful answer of the HTTP API: its status and its decoded JSON body.
public struct APIResponse: Sendable, Equatable {
    /// The HTTP status code (200, 204, …).
    public let status: Int
    /// The decoded body; nil when the server sent none (`204 No Content`).
    public let body: JSONValue?

    /// A response with `status` and `body`.
    public init(status: Int, body: JSONValue?) {
        self.status = status
        self.body = body
    }

    /// The envelope's `data` member, when present and not null.
    public var data: JSONValue? {
        guard let data = body?["data"], !data.isNull else { return nil }
        return data
    }

    /// The envelope's `warnings`, empty when there are none.
    public var warnings: [String] {
        body?["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The body decoded as `T`, whose coding keys are the wire names.
    func decode<T: Decodable>(_ type: T.Type, method: String, url: String) throws(ClientError) -> T {
        guard let body else {
            throw .invalidResponse(method: method, url: url, status: status, reason: "empty body")
        }
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(body))
        } catch {
            throw .invalidResponse(method: method, url: url, status: status, reason: "\(error)")
        }
    }
}
