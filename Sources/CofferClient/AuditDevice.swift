/// An audit device: one entry of `GET /v1/sys/audit`, or what `PUT /v1/sys/audit/:path` enables.
public struct AuditDevice: Decodable, Sendable, Equatable {
    /// Where the device is enabled, with a trailing `/`.
    public var path: String
    /// The device's type: `file`, `socket`, `syslog` or `http`.
    public var type: String
    /// The operator's description; empty when none was given.
    public var description: String
    /// The device's options, such as `file_path`, as the server stored them.
    public var options: [String: String]
    /// Whether the device stays on this cluster instead of being replicated.
    public var local: Bool

    /// A device of `type` at `path`.
    public init(
        path: String, type: String, description: String = "", options: [String: String] = [:], local: Bool = false
    ) {
        self.path = path
        self.type = type
        self.description = description
        self.options = options
        self.local = local
    }

    /// Decodes a table entry; a missing description, options or `local` reads as empty or false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decodeIfPresent(String.self, forKey: .path) ?? ""
        type = try container.decode(String.self, forKey: .type)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        options = try container.decodeIfPresent([String: String].self, forKey: .options) ?? [:]
        local = try container.decodeIfPresent(Bool.self, forKey: .local) ?? false
    }

    /// The body that enables this device: its type, description, options and `local`, all sent.
    public var enableBody: JSONValue {
        [
            "type": .string(type), "description": .string(description),
            "options": .object(options.mapValues { .string($0) }), "local": .bool(local),
        ]
    }

    enum CodingKeys: String, CodingKey {
        case path, type, description, options, local
    }
}
