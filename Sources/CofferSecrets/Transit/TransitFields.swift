import CofferAPI
import CofferCore

/// Reading transit's request fields, one request or one `batch_input` item at a time.
struct TransitFields: Sendable {
    let fields: FieldValues

    init(_ fields: FieldValues) { self.fields = fields }

    /// A base64 field decoded; nil when absent. Bad base64 is a 400 naming the offending byte.
    func bytes(_ name: String) throws(CoreError) -> [UInt8]? {
        guard let text = try fields.string(name) else { return nil }
        do { return try StandardBase64.decode(text) } catch { throw .badRequest(error.message) }
    }

    /// The `context` field, used to derive keys.
    func context() throws(CoreError) -> [UInt8]? {
        guard let bytes = try bytes("context"), !bytes.isEmpty else { return nil }
        return bytes
    }

    func string(_ name: String) throws(CoreError) -> String? { try fields.string(name) }
    func int(_ name: String) throws(CoreError) -> Int64? { try fields.int(name) }
    func bool(_ name: String) throws(CoreError) -> Bool? { try fields.bool(name) }
    func duration(_ name: String) throws(CoreError) -> Int64? { try fields.duration(name) }

    /// The field when the path declares it, else nil: ring creation is shared by `keys/<name>` and
    /// encrypt's upsert, which takes fewer fields.
    func declaredBool(_ name: String) throws(CoreError) -> Bool? { fields.declares(name) ? try bool(name) : nil }
    func declaredInt(_ name: String) throws(CoreError) -> Int64? { fields.declares(name) ? try int(name) : nil }
    func declaredDuration(_ name: String) throws(CoreError) -> Int64? {
        fields.declares(name) ? try duration(name) : nil
    }

    /// What a request asks to be done: the request itself, or each member of its `batch_input`
    /// with its `reference`. A member with a field of the wrong type fails the whole request.
    enum Members {
        case single(TransitFields)
        case batch([(fields: TransitFields, reference: JSONValue)])

        init(_ request: BackendRequest) throws(CoreError) {
            guard let batch = try request.fields.json("batch_input"), batch != .null else {
                self = .single(TransitFields(request.fields))
                return
            }
            guard let items = batch.arrayValue else { throw .badRequest("batch_input must be a list of objects") }
            guard !items.isEmpty else { throw .badRequest("missing batch input to process") }
            var members: [(fields: TransitFields, reference: JSONValue)] = []
            for (index, entry) in items.enumerated() {
                guard let object = entry.objectValue else { throw .badRequest("batch_input must be a list of objects") }
                members.append((TransitFields(try request.fields.batchItem(object, at: index)), object["reference"] ?? ""))
            }
            self = .batch(members)
        }

        /// The first member's fields, or the request's own.
        var first: TransitFields? {
            switch self {
            case .single(let fields): fields
            case .batch(let members): members.first?.fields
            }
        }
    }

    /// Runs `item` once per member of `batch_input`, or once for the request itself when there is
    /// no batch. A batch answers `batch_results`, each with its `reference`, and is a 400 when any
    /// item failed; a single request's failure is the request's error.
    static func perItem(
        _ request: BackendRequest, errorFields: [String: JSONValue] = [:],
        _ item: (TransitFields) throws -> [String: JSONValue]
    ) throws -> Response {
        try perItem(try Members(request), errorFields: errorFields, item)
    }

    static func perItem(
        _ members: Members, errorFields: [String: JSONValue] = [:], _ item: (TransitFields) throws -> [String: JSONValue]
    ) throws -> Response {
        let batch: [(fields: TransitFields, reference: JSONValue)]
        switch members {
        case .single(let fields): return Response(data: try item(fields))
        case .batch(let members): batch = members
        }
        var results: [JSONValue] = []
        var failed = false
        for (fields, reference) in batch {
            do {
                var result = try item(fields)
                result["reference"] = reference
                results.append(.object(result))
            } catch let error as CoreError where error.code == .badRequest {
                failed = true
                var result = errorFields
                result["error"] = .string(error.description)
                result["reference"] = reference
                results.append(.object(result))
            }
        }
        return Response(data: ["batch_results": .array(results)], status: failed ? 400 : nil)
    }
}
