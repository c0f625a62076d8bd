import Foundation
import CofferAPI

/// Typed reads of request fields with Vault's lenient conversions and clear 400s.
public struct FieldReader: Sendable {
    public let data: [String: JSONValue]

    public init(_ data: [String: JSONValue]) { self.data = data }

    /// A string field; numbers and booleans are accepted and printed.
    public func string(_ name: String) throws(CoreError) -> String? {
        switch data[name] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case .double(let d)?: return String(d)
        case .bool(let b)?: return String(b)
        default: throw .badRequest("field \"\(name)\" must be a string")
        }
    }

    /// An integer field; numeric strings are accepted.
    public func int(_ name: String) throws(CoreError) -> Int64? {
        switch data[name] {
        case nil, .null?: return nil
        case .string(let s)?:
            guard let value = Int64(s) else { throw .badRequest("field \"\(name)\" must be an integer") }
            return value
        case let value?:
            guard let int = value.intValue else { throw .badRequest("field \"\(name)\" must be an integer") }
            return int
        }
    }

    /// A boolean field; "true"/"false"/"1"/"0" strings are accepted.
    public func bool(_ name: String) throws(CoreError) -> Bool? {
        switch data[name] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string(let s)?:
            switch s.lowercased() {
            case "true", "1", "t": return true
            case "false", "0", "f", "": return false
            default: throw .badRequest("field \"\(name)\" must be a boolean")
            }
        case .int(let i)?: return i != 0
        default: throw .badRequest("field \"\(name)\" must be a boolean")
        }
    }

    /// A duration field in seconds, read into a `BoundedDuration`: an integer, or a string like
    /// "768h" or "90"; an empty string means "not given", as clients send for flags left unset.
    /// A negative, malformed or too long value is a 400 naming the field.
    public func duration(_ name: String) throws(CoreError) -> Int64? {
        switch data[name] {
        case nil, .null?, .string("")?: return nil
        case let value?:
            do { return try BoundedDuration(json: value).seconds } catch {
                throw .badRequest("error converting input for field \"\(name)\": \(error.description)")
            }
        }
    }

    /// A list of strings: a JSON array, or a string — split at commas unless `splitCommas` is false.
    public func stringList(_ name: String, splitCommas: Bool = true) throws(CoreError) -> [String]? {
        switch data[name] {
        case nil, .null?: return nil
        case .string(let s)?:
            guard splitCommas else { return [s] }
            return s.split(separator: ",").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        case .array(let items)?:
            var result: [String] = []
            for item in items {
                guard let text = try FieldReader(["v": item]).string("v") else { continue }
                result.append(text)
            }
            return result
        default: throw .badRequest("field \"\(name)\" must be a list of strings")
        }
    }

    /// A map of strings; values that are numbers or booleans are printed.
    public func stringMap(_ name: String) throws(CoreError) -> [String: String]? {
        switch data[name] {
        case nil, .null?: return nil
        case .object(let members)?:
            var result: [String: String] = [:]
            for (key, value) in members {
                result[key] = try FieldReader(["v": value]).string("v") ?? ""
            }
            return result
        default: throw .badRequest("field \"\(name)\" must be a map of strings")
        }
    }
}
