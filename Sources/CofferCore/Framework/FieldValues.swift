import CofferAPI

/// A request's fields converted to the types its path declares: what a handler reads.
///
/// Every declared field the request gives is converted before the handler runs, so a wrong type
/// is a 400 naming the field even where the handler would not read it. Reading a field the path
/// does not declare, or as another type, is a fault in the handler: an internal error, which every
/// test that reaches the handler then shows.
public struct FieldValues: Sendable {
    private let table: FieldTable?
    private let given: [String: FieldValue]

    /// No table: the path reads its data itself.
    static let undeclared = FieldValues(table: nil, given: [:])

    private init(table: FieldTable?, given: [String: FieldValue]) {
        self.table = table
        self.given = given
    }

    /// `data` converted by `table`; a value of the wrong type is a 400 naming its field, worded as
    /// the reference words it. A null, and an empty string for a duration, count as not given.
    /// A field the path captures from its URL is read from the capture, so a body member of that
    /// name is left to the handler (a KV secret may hold a `path`). A write to a path with an
    /// existence check (`asWrite`) words its refusal without `Field validation failed: `, as the
    /// reference's handlers there, which convert their fields themselves, do.
    init(_ data: [String: JSONValue], table: FieldTable, captures: [String: String], asWrite: Bool = false)
        throws(CoreError)
    {
        try self.init(data, table: table, captures: captures) { name, reason in
            let refusal = "error converting input for field \"\(name)\": \(reason)"
            return asWrite ? refusal : "Field validation failed: " + refusal
        }
    }

    private init(
        _ data: [String: JSONValue], table: FieldTable, captures: [String: String],
        refusal: (_ name: String, _ reason: String) -> String
    ) throws(CoreError) {
        var given: [String: FieldValue] = [:]
        for (name, value) in data where captures[name] == nil {
            guard let spec = table.byName[name], !Self.isUnset(value, as: spec.type) else { continue }
            do { given[name] = try spec.type.decode(value) } catch {
                throw .badRequest(refusal(name, error.reason))
            }
        }
        self.init(table: table, given: given)
    }

    private static func isUnset(_ value: JSONValue, as type: FieldType) -> Bool {
        value == .null || (type == .duration && value == .string(""))
    }

    /// Member `index` of a batch (`batch_input`) converted by the path's table; a wrong type fails
    /// the whole request, worded as the reference words it.
    public func batchItem(_ data: [String: JSONValue], at index: Int) throws(CoreError) -> FieldValues {
        guard let table else { return .undeclared }
        return try FieldValues(data, table: table, captures: [:]) { name, reason in
            "1 error occurred:\n\t* failed to parse batch input: '[\(index)].\(name)' \(reason)\n\n"
        }
    }

    /// Whether the path declares `name`: code shared by several paths reads a field only where it
    /// is declared.
    public func declares(_ name: String) -> Bool {
        table?.byName[name] != nil
    }

    /// Whether the request gave the field (a default does not count).
    public func isGiven(_ name: String) throws(CoreError) -> Bool {
        _ = try spec(name)
        return given[name] != nil
    }

    public func string(_ name: String) throws(CoreError) -> String? {
        guard case .string(let text)? = try value(name, as: [.string, .lowerCaseString]) else { return nil }
        return text
    }

    public func int(_ name: String) throws(CoreError) -> Int64? {
        guard case .int(let number)? = try value(name, as: [.int]) else { return nil }
        return number
    }

    public func bool(_ name: String) throws(CoreError) -> Bool? {
        guard case .bool(let flag)? = try value(name, as: [.bool]) else { return nil }
        return flag
    }

    /// Seconds, within `BoundedDuration`'s bounds.
    public func duration(_ name: String) throws(CoreError) -> Int64? {
        guard case .int(let seconds)? = try value(name, as: [.duration]) else { return nil }
        return seconds
    }

    public func strings(_ name: String) throws(CoreError) -> [String]? {
        guard case .strings(let list)? = try value(name, as: [.commaStringSlice, .stringSlice]) else { return nil }
        return list
    }

    public func pairs(_ name: String) throws(CoreError) -> [String: String]? {
        guard case .map(let pairs)? = try value(name, as: [.keyValuePairs]) else { return nil }
        return pairs
    }

    /// A `map` or `json` field as it came.
    public func json(_ name: String) throws(CoreError) -> JSONValue? {
        guard case .json(let value)? = try value(name, as: [.map, .json]) else { return nil }
        return value
    }

    private func value(_ name: String, as types: [FieldType]) throws(CoreError) -> FieldValue? {
        let spec = try spec(name)
        guard types.contains(spec.type) else {
            throw .internalError("field \"\(name)\" is declared as \(spec.type.helpName), not read as one")
        }
        if let value = given[name] { return value }
        guard let fallback = spec.defaultValue else { return nil }
        do { return try spec.type.decode(fallback) } catch {
            throw .internalError("the default of field \"\(name)\" is not a \(spec.type.helpName)")
        }
    }

    private func spec(_ name: String) throws(CoreError) -> FieldSpec {
        guard let spec = table?.byName[name] else {
            throw .internalError("field \"\(name)\" is not declared by the path")
        }
        return spec
    }
}
