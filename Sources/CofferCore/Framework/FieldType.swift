import CofferAPI

/// The kind of value a request field holds, and the lenient conversions Vault's framework applies
/// to what clients send for it (a duration as `"1h"` or `3600`, a list as `"a,b"` or `["a","b"]`,
/// a boolean as `"true"`).
public enum FieldType: Sendable, Equatable {
    /// Text; numbers and booleans are printed.
    case string
    /// Text, lower-cased.
    case lowerCaseString
    /// A whole number; numeric strings and booleans are accepted.
    case int
    /// `true`/`false`; the strings Go's `strconv.ParseBool` takes, and the numbers 0 and 1.
    case bool
    /// Seconds, bounded as `BoundedDuration` is: an integer, or text like `"768h"` or `"90"`.
    case duration
    /// A list of strings: a JSON array, or one string split at commas.
    case commaStringSlice
    /// A list of strings: a JSON array; a single value is a list of one.
    case stringSlice
    /// A map of strings: a JSON object whose values are printed; or `key=value` strings.
    case keyValuePairs
    /// Any JSON object.
    case map
    /// Any JSON value, kept as it came.
    case json

    /// The name `path-help` prints, as the reference names its types.
    public var helpName: String {
        switch self {
        case .string: "string"
        case .lowerCaseString: "lowercase string"
        case .int: "int"
        case .bool: "bool"
        case .duration: "duration (sec)"
        case .commaStringSlice, .stringSlice: "slice"
        case .keyValuePairs: "keypair"
        case .map: "map"
        case .json: "json"
        }
    }

    /// The field's schema in the OpenAPI document.
    public var openAPISchema: [String: JSONValue] {
        switch self {
        case .string, .lowerCaseString: ["type": "string"]
        case .int: ["type": "integer"]
        case .bool: ["type": "boolean"]
        case .duration: ["type": "string", "format": "duration"]
        case .commaStringSlice, .stringSlice: ["type": "array", "items": ["type": "string"]]
        case .keyValuePairs, .map: ["type": "object"]
        case .json: [:]
        }
    }

    /// `value` converted to this type; throws with the reason (not yet naming the field).
    func decode(_ value: JSONValue) throws(FieldConversionError) -> FieldValue {
        switch self {
        case .string: return .string(try Self.text(value))
        case .lowerCaseString: return .string(try Self.text(value).lowercased())
        case .int: return .int(try Self.integer(value))
        case .bool: return .bool(try Self.boolean(value))
        case .duration:
            do { return .int(try BoundedDuration(json: value).seconds) } catch {
                throw FieldConversionError(error.description)
            }
        case .commaStringSlice: return .strings(try Self.strings(value, splittingCommas: true))
        case .stringSlice: return .strings(try Self.strings(value, splittingCommas: false))
        case .keyValuePairs: return .map(try Self.pairs(value))
        case .map:
            guard case .object = value else { throw FieldConversionError("expected a map, got \(Self.kind(value))") }
            return .json(value)
        case .json: return .json(value)
        }
    }

    private static func text(_ value: JSONValue) throws(FieldConversionError) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return ""
        default: throw FieldConversionError("expected a string, got \(kind(value))")
        }
    }

    private static func integer(_ value: JSONValue) throws(FieldConversionError) -> Int64 {
        switch value {
        case .string(let text):
            if text.isEmpty { return 0 }
            guard let number = Int64(text) else { throw FieldConversionError("cannot parse \"\(text)\" as an integer") }
            return number
        case .bool(let flag): return flag ? 1 : 0
        case .null: return 0
        default:
            guard let number = value.intValue else { throw FieldConversionError("expected an integer, got \(kind(value))") }
            return number
        }
    }

    private static func boolean(_ value: JSONValue) throws(FieldConversionError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .int(0), .double(0): return false
        case .int(1), .double(1): return true
        case .null: return false
        case .string(let text):
            switch text {
            case "1", "t", "T", "true", "TRUE", "True": return true
            case "0", "f", "F", "false", "FALSE", "False", "": return false
            default: throw FieldConversionError("cannot parse \"\(text)\" as a bool")
            }
        default: throw FieldConversionError("expected a bool, got \(kind(value))")
        }
    }

    private static func strings(_ value: JSONValue, splittingCommas: Bool) throws(FieldConversionError) -> [String] {
        switch value {
        case .null: return []
        case .string(let text):
            guard splittingCommas else { return text.isEmpty ? [] : [text] }
            return text.split(separator: ",").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        case .array(let items):
            var result: [String] = []
            for item in items where item != .null { result.append(try Self.text(item).trimmingWhitespace) }
            return result
        default: return [try Self.text(value)]
        }
    }

    private static func pairs(_ value: JSONValue) throws(FieldConversionError) -> [String: String] {
        switch value {
        case .null: return [:]
        case .object(let members):
            var result: [String: String] = [:]
            for (key, member) in members { result[key] = try Self.text(member) }
            return result
        case .string, .array:
            var result: [String: String] = [:]
            for pair in try Self.strings(value, splittingCommas: false) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty else { throw FieldConversionError("invalid key pair \"\(pair)\"") }
                result[String(parts[0])] = String(parts[1])
            }
            return result
        default: throw FieldConversionError("expected a map of strings, got \(kind(value))")
        }
    }

    private static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "map"
        }
    }
}

/// Why a field's value could not be converted to its type.
struct FieldConversionError: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A field's value once converted to its type.
enum FieldValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case strings([String])
    case map([String: String])
    case json(JSONValue)
}
