import CofferClient

/// Prints a response envelope (`request_id`, `lease_id`, `data`, `auth`, `wrap_info`, `warnings`)
/// the way `vault read` and `vault write` do.
struct SecretOutput {
    /// The decoded response body.
    let body: JSONValue

    /// Whether there is anything to show: data, auth, wrapping or warnings.
    var hasContent: Bool {
        !(data?.objectValue?.isEmpty ?? true) || auth != nil || wrapInfo != nil || !warnings.isEmpty
    }

    var data: JSONValue? { member("data") }
    var auth: JSONValue? { member("auth") }
    var wrapInfo: JSONValue? { member("wrap_info") }
    var warnings: [String] { body["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    private var leaseDuration: Int64 { body["lease_duration"]?.intValue ?? 0 }
    private var leaseID: String { body["lease_id"]?.stringValue ?? "" }

    private func member(_ name: String) -> JSONValue? {
        guard let value = body[name], !value.isNull else { return nil }
        return value
    }

    /// The whole envelope in vault's member order; `wrap_info`, `auth` and `mount_type` only when set.
    var envelope: OutputValue {
        var members: [OutputValue.Member] = [
            .plain("request_id", body["request_id"] ?? ""),
            .plain("lease_id", .string(leaseID)),
            .plain("lease_duration", .int(leaseDuration)),
            .plain("renewable", body["renewable"] ?? false),
            .plain("data", data ?? .null),
            .plain("warnings", warnings.isEmpty ? .null : .array(warnings.map { .string($0) })),
        ]
        if let wrapInfo {
            members.append(OutputValue.Member(name: "wrap_info", value: Self.fixed(Self.wrapMembers, of: wrapInfo)))
        }
        if let auth { members.append(OutputValue.Member(name: "auth", value: Self.fixed(Self.authMembers, of: auth))) }
        if let mountType = body["mount_type"]?.stringValue, !mountType.isEmpty {
            members.append(.plain("mount_type", .string(mountType)))
        }
        return .ordered(members)
    }

    /// The members vault prints for `auth`, in its order, each with the value printed when absent.
    private static let authMembers: [(String, JSONValue)] = [
        ("client_token", ""), ("accessor", ""), ("policies", nil), ("token_policies", nil),
        ("identity_policies", nil), ("metadata", nil), ("orphan", false), ("entity_id", ""), ("lease_duration", 0),
        ("renewable", false), ("mfa_requirement", nil),
    ]

    /// The members vault prints for `wrap_info`, in its order.
    private static let wrapMembers: [(String, JSONValue)] = [
        ("token", ""), ("accessor", ""), ("ttl", 0), ("creation_time", ""), ("creation_path", ""),
        ("wrapped_accessor", ""),
    ]

    /// Exactly `members` of `object`, in their order, absent ones with their default (as vault's structs print).
    private static func fixed(_ members: [(String, JSONValue)], of object: JSONValue) -> OutputValue {
        .ordered(members.map { name, absent in .plain(name, object[name] ?? absent) })
    }

    /// The table rows: lease, then auth, then wrapping, then the data's members sorted.
    var rows: [(String, String)] {
        var rows: [(String, String)] = []
        if leaseDuration > 0 {
            if leaseID.isEmpty {
                rows.append(("refresh_interval", ValueText.duration(leaseDuration)))
            } else {
                rows += [
                    ("lease_id", leaseID),
                    ("lease_duration", ValueText.duration(leaseDuration)),
                    ("lease_renewable", ValueText.cell(body["renewable"] ?? false)),
                ]
            }
        }
        if let auth {
            rows += [
                ("token", auth["client_token"]?.stringValue ?? ""),
                ("token_accessor", auth["accessor"]?.stringValue ?? ""),
                ("token_duration", Self.tokenDuration(auth["lease_duration"]?.intValue ?? 0)),
                ("token_renewable", ValueText.cell(auth["renewable"] ?? false)),
                ("token_policies", ValueText.quotedList(auth["token_policies"])),
                ("identity_policies", ValueText.quotedList(auth["identity_policies"])),
                ("policies", ValueText.quotedList(auth["policies"])),
            ]
            for (key, value) in (auth["metadata"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                rows.append(("token_meta_\(key)", ValueText.cell(value)))
            }
        }
        if let wrapInfo {
            rows += [
                ("wrapping_token:", wrapInfo["token"]?.stringValue ?? ""),
                ("wrapping_accessor:", wrapInfo["accessor"]?.stringValue ?? ""),
                ("wrapping_token_ttl:", ValueText.duration(wrapInfo["ttl"]?.intValue ?? 0)),
                ("wrapping_token_creation_time:", ValueText.goTime(wrapInfo["creation_time"]?.stringValue ?? "")),
                ("wrapping_token_creation_path:", wrapInfo["creation_path"]?.stringValue ?? ""),
            ]
            if let wrapped = wrapInfo["wrapped_accessor"]?.stringValue, !wrapped.isEmpty {
                rows.append(("wrapped_accessor:", wrapped))
            }
        }
        return rows + ValueText.rows(data?.objectValue ?? [:])
    }

    /// A token's TTL; zero (a root token) shows as `∞`.
    private static func tokenDuration(_ seconds: Int64) -> String {
        seconds == 0 ? "∞" : ValueText.duration(seconds)
    }

    /// The value `-field=name` picks: a data member, else an auth, wrapping or lease field.
    func field(_ name: String) -> JSONValue? {
        if let value = data?[name], !value.isNull { return value }
        let sources: [String: (JSONValue?, String)] = [
            "token": (auth, "client_token"), "token_accessor": (auth, "accessor"),
            "token_duration": (auth, "lease_duration"), "token_renewable": (auth, "renewable"),
            "token_policies": (auth, "token_policies"), "identity_policies": (auth, "identity_policies"),
            "policies": (auth, "policies"),
            "wrapping_token": (wrapInfo, "token"), "wrapping_accessor": (wrapInfo, "accessor"),
            "wrapping_token_ttl": (wrapInfo, "ttl"), "wrapping_token_creation_time": (wrapInfo, "creation_time"),
            "wrapping_token_creation_path": (wrapInfo, "creation_path"),
            "lease_id": (body, "lease_id"), "lease_duration": (body, "lease_duration"),
            "lease_renewable": (body, "renewable"), "refresh_interval": (body, "lease_duration"),
        ]
        guard let (source, key) = sources[name], let value = source?[key], !value.isNull else { return nil }
        return value
    }

    /// What `-field` prints for `value`: in the table format a string as is and anything else as a
    /// table cell; otherwise the value as JSON (without a final newline) or YAML.
    static func fieldText(_ value: JSONValue, format: OutputFormat) -> String {
        switch format {
        case .table: return value.stringValue ?? ValueText.cell(value)
        case .json: return String(JSONText.render(value).dropLast())
        case .yaml: return YAMLText.render(value)
        }
    }

    /// Everything to print in `format`: what goes to standard output and to standard error.
    func rendered(_ format: OutputFormat) -> (out: String, err: String) {
        guard format == .table else { return (envelope.rendered(format), "") }
        let rows = rows
        return (rows.isEmpty ? "" : Table.keyValue(rows), Self.warningBlock(warnings))
    }

    /// vault's warning block, each warning wrapped at 78 columns; empty without warnings.
    static func warningBlock(_ warnings: [String]) -> String {
        guard !warnings.isEmpty else { return "" }
        let items = warnings.map { "  " + Wrap.lines("* " + $0, width: 76).joined(separator: "\n  ") + "\n" }
        return "WARNING! The following warnings were returned from the server:\n\n" + items.joined(separator: "\n")
            + "\n"
    }
}

/// Word wrapping for messages printed to a terminal.
enum Wrap {
    /// `text` wrapped at 78 columns, as vault prints its messages, ending in a newline.
    static func paragraph(_ text: String) -> String {
        lines(text, width: 78).joined(separator: "\n") + "\n"
    }

    /// `text` broken at spaces into lines of at most `width` characters (longer words stay whole).
    static func lines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines
    }
}
