import CofferAPI
import CofferCore

/// The settings a `metadata/<path>` write or patch carries; absent fields leave the key's values alone.
struct KVMetadataChange: Sendable {
    var maxVersions: Int64?
    var casRequired: Bool?
    var deleteVersionAfter: Int64?
    var metadataCASRequired: Bool?
    /// The given entries; a nil value removes the entry in a patch.
    var customMetadata: [String: String?]?
    /// `custom_metadata: null`: the map is emptied.
    var clearsCustomMetadata = false

    /// The fields of a `metadata/<path>` request.
    static let fields = [
        FieldSpec("path", .string, "The key's path."),
        FieldSpec("max_versions", .int, "How many versions the key keeps; 0 for the mount's setting."),
        FieldSpec("cas_required", .bool, "Whether every data write must give options.cas."),
        FieldSpec(
            "delete_version_after", .json, "How long a version lives before it is deleted, as a duration; 0 never."),
        FieldSpec("custom_metadata", .json, "Metadata of your own: string keys and values; null empties it."),
        FieldSpec("metadata_cas_required", .bool, "Whether every metadata write must give metadata_cas."),
        FieldSpec("metadata_cas", .int, "The metadata version this write expects to replace."),
    ]

    /// The change `fields` ask for; `data` is the body as sent, where a null `custom_metadata`
    /// empties the map.
    init(_ fields: FieldValues, data: [String: JSONValue]) throws(CoreError) {
        maxVersions = try KVv2Fields.maxVersions(fields)
        casRequired = try fields.bool("cas_required")
        deleteVersionAfter = try KVv2Fields.deleteVersionAfter(fields, negativeDisables: false)
        metadataCASRequired = try fields.bool("metadata_cas_required")
        clearsCustomMetadata = data["custom_metadata"] == .null
        customMetadata = clearsCustomMetadata ? [:] : try KVv2Fields.customMetadata(fields)
    }

    /// Whether the request changes nothing (then it is answered without touching storage).
    var isEmpty: Bool {
        maxVersions == nil && casRequired == nil && deleteVersionAfter == nil && metadataCASRequired == nil
            && customMetadata == nil
    }

    /// Applies the change; `merging` patches `custom_metadata` entry by entry instead of replacing it.
    func apply(to metadata: inout KVKeyMetadata, merging: Bool) throws(CoreError) {
        if let maxVersions { metadata.maxVersions = maxVersions }
        if let casRequired { metadata.casRequired = casRequired }
        if let deleteVersionAfter { metadata.deleteVersionAfter = deleteVersionAfter }
        if let metadataCASRequired { metadata.metadataCASRequired = metadataCASRequired }
        guard let customMetadata else { return }
        if merging && !clearsCustomMetadata {
            for (key, value) in customMetadata { metadata.customMetadata[key] = value }
        } else {
            metadata.customMetadata = customMetadata.mapValues { $0 ?? "" }
        }
        try KVv2Fields.validate(customMetadata: metadata.customMetadata)
    }

    /// The metadata check-and-set rules: `metadata_cas` required by the mount or the key, 0 for a new
    /// key, else equal to the key's current metadata version.
    static func checkCAS(_ cas: Int64?, config: KVv2Config, previous: KVKeyMetadata?) throws(CoreError) {
        guard let cas else {
            if config.metadataCASRequired || previous?.metadataCASRequired == true {
                throw .badRequest("metadata check-and-set parameter required for this call")
            }
            return
        }
        guard let previous else {
            if cas != 0 { throw .badRequest("metadata_cas must be 0 when creating new metadata") }
            return
        }
        if cas != previous.currentMetadataVersion {
            throw .badRequest("metadata check-and-set parameter does not match the current version")
        }
    }
}
