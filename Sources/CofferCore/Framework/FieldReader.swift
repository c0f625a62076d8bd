import CofferAPI

/// Typed reads of request fields for paths that do not declare a field table yet: the same
/// conversions and 400s as `FieldValues`, by name.
public struct FieldReader: Sendable {
    public let data: [String: JSONValue]

    public init(_ data: [String: JSONValue]) { self.data = data }

    public func string(_ name: String) throws(CoreError) -> String? {
        guard case .string(let text)? = try read(name, as: .string) else { return nil }
        return text
    }

    public func int(_ name: String) throws(CoreError) -> Int64? {
        guard case .int(let number)? = try read(name, as: .int) else { return nil }
        return number
    }

    public func bool(_ name: String) throws(CoreError) -> Bool? {
        guard case .bool(let flag)? = try read(name, as: .bool) else { return nil }
        return flag
    }

    /// Seconds within `BoundedDuration`'s bounds; an empty string means "not given", as clients
    /// send for flags left unset.
    public func duration(_ name: String) throws(CoreError) -> Int64? {
        guard data[name] != .string(""), case .int(let seconds)? = try read(name, as: .duration) else { return nil }
        return seconds
    }

    /// A list of strings: a JSON array, or a string, split at commas unless `splitCommas` is false.
    public func stringList(_ name: String, splitCommas: Bool = true) throws(CoreError) -> [String]? {
        guard case .strings(let list)? = try read(name, as: splitCommas ? .commaStringSlice : .stringSlice) else {
            return nil
        }
        return list
    }

    /// A map of strings; values that are numbers or booleans are printed.
    public func stringMap(_ name: String) throws(CoreError) -> [String: String]? {
        guard let value = data[name], value != .null else { return nil }
        guard case .object = value else {
            throw .badRequest("error converting input for field \"\(name)\": expected a map of strings")
        }
        guard case .map(let pairs)? = try read(name, as: .keyValuePairs) else { return nil }
        return pairs
    }

    private func read(_ name: String, as type: FieldType) throws(CoreError) -> FieldValue? {
        guard let value = data[name], value != .null else { return nil }
        do { return try type.decode(value) } catch {
            throw .badRequest("error converting input for field \"\(name)\": \(error.reason)")
        }
    }
}
