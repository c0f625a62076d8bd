@_exported import CofferAPI
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#else
    import Darwin
#endif

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A typed client of the Vault HTTP API (v1), spoken by Coffer, Vault and OpenBao.
///
/// Every request carries `X-Vault-Request: true` and, when a token is set, `X-Vault-Token`.
/// The client owns connections: call `shutdown()` once it is no longer used.
public struct CofferClient: Sendable {
    /// The server's base address, without a trailing slash, such as `https://127.0.0.1:8200`.
    public let address: String
    /// The token sent with every request, if any.
    public private(set) var token: String?
    /// The TTL sent as `X-Vault-Wrap-TTL` with every request, asking the server to wrap its answer.
    public private(set) var wrapTTL: String?
    private let http: HTTPClient

    /// Longest response body accepted, as the server's own request limit.
    static let maxBodyBytes = 32 * 1024 * 1024

    /// A client of the server at `address`; `caCertPath` names a PEM file of trusted roots,
    /// `skipVerify` turns off certificate verification, `wrapTTL` asks for wrapped answers.
    public init(address: String, token: String?, caCertPath: String?, skipVerify: Bool, wrapTTL: String? = nil) {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caCertPath { tls.trustRoots = .file(caCertPath) }
        if skipVerify { tls.certificateVerification = .none }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        // Report an unreachable server at once, as vault does, instead of retrying until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.address = String(Self.withoutTrailingSlashes(address))
        self.token = token
        self.wrapTTL = wrapTTL
    }

    /// The same client, sharing its connections, that sends `token` instead.
    public func withToken(_ token: String?) -> CofferClient {
        var copy = self
        copy.token = token
        return copy
    }

    /// The same client, sharing its connections, that never asks for a wrapped answer.
    public func withoutWrapping() -> CofferClient {
        var copy = self
        copy.wrapTTL = nil
        return copy
    }

    /// Closes the client's connections. Later requests fail; a second call does nothing.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// The URL of API `path` (relative to `/v1/`) with `query` sorted by name, unsafe characters
    /// percent-encoded.
    public func url(for path: String, query: [String: String] = [:]) -> String {
        var relative = Substring(path)
        while relative.hasBytePrefix("/") { relative = relative.dropFirst() }
        let url = "\(address)/v1/\(Self.percentEncoded(relative, keeping: "-._~/"))"
        guard !query.isEmpty else { return url }
        let pairs = query.sorted { $0.key < $1.key }.map {
            Self.percentEncoded(Substring($0.key), keeping: "-._~") + "="
                + Self.percentEncoded(Substring($0.value), keeping: "-._~")
        }
        return url + "?" + pairs.joined(separator: "&")
    }

    /// Sends `method` (`GET`, `LIST`, `PUT`, `POST`, `PATCH`, `DELETE`) to API `path` with URL
    /// `query` parameters and a JSON `body`.
    ///
    /// Statuses from 200 to 399 return the response; any other throws `ClientError` with the
    /// server's `errors`.
    public func request(
        _ method: String, _ path: String, query: [String: String] = [:], body: JSONValue? = nil
    ) async throws(ClientError) -> APIResponse {
        let url = url(for: path, query: query)
        guard address.hasBytePrefix("http://") || address.hasBytePrefix("https://") else {
            throw .invalidRequest(method: method, url: url, reason: "the address must start with http:// or https://")
        }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "X-Vault-Request", value: "true")
        if let token { request.headers.add(name: "X-Vault-Token", value: token) }
        if let wrapTTL { request.headers.add(name: "X-Vault-Wrap-TTL", value: wrapTTL) }
        if let body {
            // Vault accepts PATCH only as a JSON merge patch.
            let type = method == "PATCH" ? "application/merge-patch+json" : "application/json"
            request.headers.add(name: "Content-Type", value: type)
            guard let encoded = try? JSONEncoder().encode(body) else {
                throw .invalidRequest(method: method, url: url, reason: "the body holds a number JSON cannot carry")
            }
            request.body = .bytes(ByteBuffer(bytes: encoded))
        }
        let status: Int
        let bytes: [UInt8]
        do {
            let response = try await http.execute(request, timeout: .seconds(70))
            status = Int(response.status.code)
            let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
            bytes = Array(buffer.readableBytesView)
        } catch {
            throw .transport(method: method, url: url, reason: Self.reason(for: error, authority: authority))
        }
        let decoded = try? JSONValue(parsing: bytes)
        guard (200..<400).contains(status) else {
            guard let decoded else {
                throw .raw(method: method, url: url, status: status, message: String(decoding: bytes, as: UTF8.self))
            }
            let errors = decoded["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
            throw .api(method: method, url: url, status: status, errors: errors, body: decoded)
        }
        if !bytes.isEmpty && decoded == nil {
            throw .invalidResponse(method: method, url: url, status: status, reason: "the body is not JSON")
        }
        return APIResponse(status: status, body: decoded)
    }

    /// Sends a request and decodes its body as `T`.
    func request<T: Decodable>(
        _ method: String, _ path: String, body: JSONValue? = nil, as type: T.Type
    ) async throws(ClientError) -> T {
        let response = try await request(method, path, body: body)
        return try response.decode(T.self, method: method, url: url(for: path))
    }

    private static func percentEncoded(_ text: Substring, keeping punctuation: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            let safe =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || punctuation.unicodeScalars.contains(scalar)
            if safe {
                out.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return out
    }

    /// `path` without its trailing slashes.
    static func withoutTrailingSlashes(_ path: String) -> Substring {
        var trimmed = Substring(path)
        while trimmed.hasByteSuffix("/") { trimmed = trimmed.droppingLastBytes(1) }
        return trimmed
    }

    /// `path` without its leading and trailing slashes.
    static func withoutEnclosingSlashes(_ path: String) -> Substring {
        var trimmed = withoutTrailingSlashes(path)
        while trimmed.hasBytePrefix("/") { trimmed = trimmed.dropFirst() }
        return trimmed
    }

    /// The `host:port` part of the address.
    private var authority: String {
        let rest = address.split(separator: "://", maxSplits: 1).last ?? ""
        return String(rest.prefix { $0 != "/" })
    }

    /// A short, vault-like account of why no answer came from `authority`.
    private static func reason(for error: any Error, authority: String) -> String {
        switch error {
        case let io as IOError:
            return "dial tcp \(authority): connect: " + String(cString: strerror(io.errnoCode)).lowercased()
        case let connect as NIOConnectionError:
            guard let first = connect.connectionErrors.first else {
                return "dial tcp: lookup \(connect.host): no such host"
            }
            return reason(for: first.error, authority: authority)
        case NIOSSLError.handshakeFailed(let cause) where "\(cause)".contains("CERTIFICATE_VERIFY_FAILED"):
            return "tls: failed to verify the certificate of \(authority)"
        case is NIOSSLError:
            return "tls: \(error)"
        case is NIOTooManyBytesError:
            return "the response is larger than \(maxBodyBytes) bytes"
        case let http as HTTPClientError where http == .connectTimeout:
            return "dial tcp \(authority): i/o timeout"
        case let http as HTTPClientError where http == .readTimeout || http == .deadlineExceeded:
            return "the server did not answer in time"
        case let http as HTTPClientError where http == .remoteConnectionClosed:
            return "the server closed the connection"
        default:
            return "\(error)"
        }
    }
}
