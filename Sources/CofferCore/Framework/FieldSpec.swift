import CofferAPI

/// One field a path reads: its name, type, description and default, declared once in the path's
/// table. The decoder, the unrecognized-field warning, `path-help` and the OpenAPI document all
/// come from it.
public struct FieldSpec: Sendable {
    public let name: String
    public let type: FieldType
    public let description: String
    /// What a handler reads when the request does not give the field.
    public let defaultValue: JSONValue?

    public init(_ name: String, _ type: FieldType, _ description: String, default defaultValue: JSONValue? = nil) {
        self.name = name
        self.type = type
        self.description = description
        self.defaultValue = defaultValue
    }
}

/// A path's declared fields, in the order they are shown.
public struct FieldTable: Sendable {
    public let fields: [FieldSpec]
    /// Whether the path stores what it is sent as it is (a KV secret): no field is unrecognized.
    public let takesArbitraryFields: Bool
    let byName: [String: FieldSpec]

    init(_ fields: [FieldSpec], takesArbitraryFields: Bool) {
        self.fields = fields
        self.takesArbitraryFields = takesArbitraryFields
        byName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The reference's warning for fields a request sent that the path neither declares nor
    /// captures from its URL; nil when there are none. Like the reference, the core adds it only
    /// to an answer that has a body of its own (not to a 204, nor to an answer with a set status).
    func unrecognizedWarning(_ data: [String: JSONValue], captures: [String: String]) -> String? {
        guard !takesArbitraryFields else { return nil }
        let unknown = data.keys.filter { byName[$0] == nil && captures[$0] == nil }.sorted()
        guard !unknown.isEmpty else { return nil }
        return "Endpoint ignored these unrecognized parameters: [\(unknown.joined(separator: " "))]"
    }
}
