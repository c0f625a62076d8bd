import CofferAPI
import CofferCore

/// Reading transit's request fields, one request or one `batch_input` item at a time.
struct TransitFields: Sendable {
    let fields: FieldReader

    init(_ data: [String: JSONValue]) { fields = FieldReader(data) }

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

    /// Runs `item` once per member of `batch_input`, or once for the request itself when there is
    /// no batch. A batch answers `batch_results`, each with its `reference`, and is a 400 when any
    /// item failed; a single request's failure is the request's error.
    static func perItem(
        _ request: BackendRequest, errorFields: [String: JSONValue] = [:],
        _ item: (TransitFields) throws -> [String: JSONValue]
    ) throws -> Response {
        guard let batch = request.data["batch_input"], batch != .null else {
            return Response(data: try item(TransitFields(request.data)))
        }
        guard let items = batch.arrayValue else {
            throw CoreError.badRequest("batch_input must be a list of objects")
        }
        var results: [JSONValue] = []
        var failed = false
        for entry in items {
            guard let object = entry.objectValue else {
                throw CoreError.badRequest("batch_input must be a list of objects")
            }
            let reference = object["reference"] ?? ""
            do {
                var result = try item(TransitFields(object))
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
