/// Why a request to the server did not succeed; its `description` reads like the `vault` CLI's.
public struct ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Equatable {
        /// The server answered with an error status; `statusCode`, `errors` and `body` say what it said.
        case api
        /// No answer came: the connection, TLS handshake or timeout failed.
        case transport
        /// The request cannot be sent: a bad address, or a body that is not valid JSON.
        case invalidRequest
        /// The server answered, but not with the JSON the API promises.
        case invalidResponse
    }

    /// The kind of failure.
    public let code: Code
    /// The HTTP method of the failed request (`GET`, `LIST`, …).
    public let method: String
    /// The full URL of the failed request.
    public let url: String
    /// The HTTP status the server answered with, when it answered.
    public let statusCode: Int?
    /// The server's `errors` array, in order.
    public let errors: [String]
    /// What went wrong below HTTP, for `transport`, `invalidRequest` and `invalidResponse`.
    public let reason: String
    /// The decoded error body, which may still carry `warnings` or `data`.
    public let body: JSONValue?
    /// The error body as sent, when it was not JSON (it is then also the only entry of `errors`).
    public let rawMessage: String?

    /// The server refused the request with `status`, its `errors` and the decoded `body`.
    public static func api(method: String, url: String, status: Int, errors: [String], body: JSONValue?)
        -> ClientError
    {
        ClientError(
            code: .api, method: method, url: url, statusCode: status, errors: errors, reason: "", body: body,
            rawMessage: nil)
    }

    /// The server refused the request with `status` and a body that is not JSON, such as an empty 404.
    public static func raw(method: String, url: String, status: Int, message: String) -> ClientError {
        ClientError(
            code: .api, method: method, url: url, statusCode: status, errors: message.isEmpty ? [] : [message],
            reason: "", body: nil, rawMessage: message)
    }

    /// The request got no answer because of `reason`.
    public static func transport(method: String, url: String, reason: String) -> ClientError {
        ClientError(
            code: .transport, method: method, url: url, statusCode: nil, errors: [], reason: reason, body: nil,
            rawMessage: nil)
    }

    /// The request to `url` cannot be sent because of `reason`.
    public static func invalidRequest(method: String, url: String, reason: String) -> ClientError {
        ClientError(
            code: .invalidRequest, method: method, url: url, statusCode: nil, errors: [], reason: reason,
            body: nil, rawMessage: nil)
    }

    /// The server answered `status` with a body that is not what the API promises.
    public static func invalidResponse(method: String, url: String, status: Int, reason: String) -> ClientError {
        ClientError(
            code: .invalidResponse, method: method, url: url, statusCode: status, errors: [], reason: reason,
            body: nil, rawMessage: nil)
    }

    /// The error as the `vault` CLI words it: `Error making API request.` with URL, code and
    /// errors (or the raw body), or `Get "url": reason` when no answer came.
    public var description: String {
        switch code {
        case .api:
            let heading = "Error making API request.\n\nURL: \(method) \(url)\nCode: \(statusCode ?? 0)."
            if let rawMessage { return heading + " Raw Message:\n\n" + rawMessage }
            return heading + " Errors:\n\n" + errors.map { "* \($0)" }.joined(separator: "\n")
        case .transport, .invalidRequest:
            return "\(method.prefix(1))\(method.dropFirst().lowercased()) \"\(url)\": \(reason)"
        case .invalidResponse:
            return "Error parsing the response of \(method) \(url) (code \(statusCode ?? 0)): \(reason)"
        }
    }
}
