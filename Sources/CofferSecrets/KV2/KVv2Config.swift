import CofferAPI

/// The mount-wide settings at `<mount>/config`; every key falls back on them.
struct KVv2Config: Sendable, Equatable, Codable {
    /// Versions kept per key; 0 means the default of 10.
    var maxVersions: Int64 = 0
    /// Whether every data write must carry `options.cas`.
    var casRequired = false
    /// Seconds after which new versions are soft-deleted; 0 or negative (stored as -1) means never.
    var deleteVersionAfter: Int64 = 0
    /// Whether every metadata write must carry `metadata_cas`.
    var metadataCASRequired = false

    /// The number of versions a key keeps when neither the mount nor the key sets one.
    static let defaultMaxVersions: Int64 = 10

    enum CodingKeys: String, CodingKey {
        case maxVersions = "max_versions"
        case casRequired = "cas_required"
        case deleteVersionAfter = "delete_version_after"
        case metadataCASRequired = "metadata_cas_required"
    }

    /// The settings as `GET config` answers them.
    var apiValue: [String: JSONValue] {
        [
            "max_versions": .int(maxVersions),
            "cas_required": .bool(casRequired),
            "delete_version_after": .string(DurationText.format(seconds: deleteVersionAfter)),
            "metadata_cas_required": .bool(metadataCASRequired),
        ]
    }
}
