import CofferAPI

/// A backend's answer, before the HTTP layer puts it in Vault's envelope.
public struct Response: Sendable {
    /// How the HTTP layer should frame the body.
    public enum Framing: Sendable, Equatable {
        /// Vault's envelope `{request_id, lease_id, …, data, …}`; 204 when there is nothing to say.
        case envelope
        /// `data` is the whole body, as `sys/seal-status` and `sys/health` answer.
        case raw
        /// The envelope with every member of `data` also at the top level, as `sys/mounts` answers.
        case envelopeAndRaw
    }

    public var data: [String: JSONValue]?
    /// The `auth` block, for responses that issue or renew a token.
    public var auth: [String: JSONValue]?
    /// The `wrap_info` block when the real response was wrapped.
    public var wrapInfo: [String: JSONValue]?
    public var warnings: [String]
    public var framing: Framing
    /// A status other than the default (200, or 204 when empty), as `sys/health` sets.
    public var status: Int?
    /// The lease a secret carries, when the backend issues one.
    public var leaseDuration: Int64
    public var renewable: Bool
    /// Set by an auth method's login: the core issues the token and fills `auth` from it.
    public var login: LoginGrant?
    /// Set by an engine issuing a leased secret: the core registers the lease and fills
    /// `leaseID`, `leaseDuration` and `renewable` from it.
    public var secret: SecretGrant?
    public var leaseID = ""

    public init(
        data: [String: JSONValue]? = nil, auth: [String: JSONValue]? = nil, wrapInfo: [String: JSONValue]? = nil,
        warnings: [String] = [], framing: Framing = .envelope, status: Int? = nil, leaseDuration: Int64 = 0,
        renewable: Bool = false, login: LoginGrant? = nil, secret: SecretGrant? = nil
    ) {
        self.secret = secret
        self.data = data
        self.auth = auth
        self.wrapInfo = wrapInfo
        self.warnings = warnings
        self.framing = framing
        self.status = status
        self.leaseDuration = leaseDuration
        self.renewable = renewable
        self.login = login
    }

    /// A raw JSON body with an optional status.
    public static func raw(_ body: [String: JSONValue], status: Int? = nil) -> Response {
        Response(data: body, framing: .raw, status: status)
    }
}

/// A response as it leaves the core: the backend's answer plus what the pipeline adds.
public struct CoreResponse: Sendable {
    public var response: Response
    public var requestID: String

    public init(response: Response, requestID: String) {
        self.response = response
        self.requestID = requestID
    }

    /// True when there is nothing to say: HTTP answers 204.
    public var isEmpty: Bool {
        response.framing == .envelope && response.data == nil && response.auth == nil && response.wrapInfo == nil
            && response.warnings.isEmpty && response.leaseID.isEmpty
    }

    /// The whole JSON body as the client receives it (raw, envelope, or envelope with top-level copies).
    public var body: [String: JSONValue] {
        if response.framing == .raw { return response.data ?? [:] }
        var body: [String: JSONValue] = [
            "request_id": .string(requestID),
            "lease_id": .string(response.leaseID),
            "renewable": .bool(response.renewable),
            "lease_duration": .int(response.leaseDuration),
            "data": response.data.map { .object($0) } ?? .null,
            "wrap_info": response.wrapInfo.map { .object($0) } ?? .null,
            "warnings": response.warnings.isEmpty ? .null : .array(response.warnings.map { .string($0) }),
            "auth": response.auth.map { .object($0) } ?? .null,
        ]
        if response.framing == .envelopeAndRaw {
            for (key, value) in response.data ?? [:] where body[key] == nil { body[key] = value }
        }
        return body
    }

    /// The JSON text of `body`. The plain envelope is written field by field in its sorted order,
    /// with no dictionary built: it is every answer's last step.
    public func serializedBody() -> [UInt8] {
        guard response.framing == .envelope else { return JSONValue.object(body).serialized() }
        var envelope = JSONObjectWriter(capacity: 256)
        envelope.value("auth", response.auth.map { .object($0) } ?? .null)
        envelope.value("data", response.data.map { .object($0) } ?? .null)
        envelope.int("lease_duration", response.leaseDuration)
        envelope.string("lease_id", response.leaseID)
        envelope.bool("renewable", response.renewable)
        envelope.string("request_id", requestID)
        if response.warnings.isEmpty {
            envelope.value("warnings", .null)
        } else {
            envelope.strings("warnings", response.warnings)
        }
        envelope.value("wrap_info", response.wrapInfo.map { .object($0) } ?? .null)
        return envelope.finished()
    }
}
