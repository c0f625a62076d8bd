import CofferAPI

/// One audit device as `sys/audit` lists it: where it is mounted, its type and options. Devices
/// enabled through the API are stored at `core/audit`; those declared in the config file are not
/// stored and cannot be disabled through the API.
public struct AuditDeviceEntry: Codable, Sendable, Equatable {
    /// The device's path with its trailing slash (`file/`).
    public var path: String
    public var type: String
    public var description: String
    /// The options as given, strings all, as the reference keeps them.
    public var options: [String: String]
    public var local: Bool
    /// Names the device's salt, `audit/<uuid>/salt`.
    public var uuid: String
    /// True for a device declared in the server's config file.
    public var declared = false

    public init(
        path: String, type: String, description: String = "", options: [String: String] = [:], local: Bool = false,
        uuid: String = "", declared: Bool = false
    ) {
        self.path = path
        self.type = type
        self.description = description
        self.options = options
        self.local = local
        self.uuid = uuid
        self.declared = declared
    }

    /// The device as `sys/audit` shows it.
    var apiValue: [String: JSONValue] {
        [
            "type": .string(type), "description": .string(description), "local": .bool(local), "path": .string(path),
            "options": .object(options.mapValues { .string($0) }),
        ]
    }
}

/// How a device writes its lines, from its options: what it hashes and what it leaves out.
struct AuditFormat: Sendable, Equatable {
    /// Log tokens, accessors and data in plain text (`log_raw`).
    var logRaw = false
    /// Hash accessors too (`hmac_accessor`, default true).
    var hashAccessors = true
    /// Replace `keys` and `key_info` of list answers by their counts (`elide_list_responses`).
    var elideListResponses = false
    /// Written before every line (`prefix`).
    var prefix = ""

    init(options: [String: String]) throws(CoreError) {
        logRaw = try Self.bool(options, "log_raw") ?? false
        hashAccessors = try Self.bool(options, "hmac_accessor") ?? true
        elideListResponses = try Self.bool(options, "elide_list_responses") ?? false
        prefix = options["prefix"] ?? ""
        switch options["format"]?.lowercased() {
        case nil, "", "json": break
        case "jsonx":
            throw .badRequest(
                "jsonx formatting has been removed, consider switching to json by omitting \"format\" or setting it to \"json\"")
        case let other?: throw .badRequest("unknown format type \"\(other)\"")
        }
    }

    private static func bool(_ options: [String: String], _ name: String) throws(CoreError) -> Bool? {
        guard let text = options[name] else { return nil }
        switch text.lowercased() {
        case "1", "t", "true": return true
        case "0", "f", "false": return false
        default: throw .badRequest("strconv.ParseBool: parsing \"\(text)\": invalid syntax")
        }
    }
}
