import CofferAPI
import CofferCore

/// Reads the KV v2 endpoints' fields with the reference server's conversions and error texts.
enum KVv2Fields {
    /// `options.cas` of a data write: an integer, or a string holding one.
    static func cas(_ options: [String: JSONValue]) throws(CoreError) -> Int64? {
        switch options["cas"] {
        case nil, .null?: return nil
        case .int(let number)?: return number
        case .string(let text)?:
            if text.isEmpty { return 0 }
            if let number = Int64(text) { return number }
        case let value?:
            if let number = value.intValue { return number }
        }
        throw .badRequest("error parsing check-and-set parameter")
    }

    /// The `versions` of delete, undelete and destroy: a list, a comma-separated string, or one number.
    static func versions(_ value: JSONValue?, missing: String) throws(CoreError) -> [Int64] {
        var items: [JSONValue]
        switch value {
        case nil, .null?: items = []
        case .array(let elements)?: items = elements
        case .string(let text)?: items = text.split(separator: ",").map { .string(String($0)) }
        case let single?: items = [single]
        }
        var numbers: [Int64] = []
        for item in items {
            let number: Int64?
            switch item {
            case .string(let text): number = Int64(text.trimmingSpaces())
            default: number = item.intValue
            }
            guard let number else {
                throw .badRequest(
                    "error converting input for field \"versions\": cannot parse \(item.serializedText) as an integer")
            }
            numbers.append(number)
        }
        if numbers.isEmpty { throw .badRequest(missing) }
        return numbers
    }

    /// `max_versions`, kept as the reference does: an unsigned 32-bit count (so -1 wraps to 4294967295).
    static func maxVersions(_ fields: FieldValues) throws(CoreError) -> Int64? {
        guard let value = try fields.int("max_versions") else { return nil }
        return Int64(UInt32(truncatingIfNeeded: value))
    }

    /// `delete_version_after` in seconds. A negative value is refused unless `negativeDisables`, which
    /// stores it as -1 (never delete), as the mount configuration does.
    static func deleteVersionAfter(_ fields: FieldValues, negativeDisables: Bool) throws(CoreError) -> Int64? {
        let name = "delete_version_after"
        let seconds: Int64
        switch try fields.json(name) {
        case nil, .null?: return nil
        case .string(let text)?:
            let trimmed = text.trimmingSpaces()
            let negative = trimmed.hasBytePrefix("-")
            do {
                let magnitude = try BoundedDuration(parsing: negative ? String(trimmed.dropFirst()) : trimmed)
                seconds = negative ? -magnitude.seconds : magnitude.seconds
            } catch {
                throw .badRequest("error converting input for field \"\(name)\": \(error.description)")
            }
        case let value?:
            guard let number = value.intValue else {
                throw .badRequest("error converting input for field \"\(name)\": could not parse duration from input")
            }
            if number > BoundedDuration.maximumSeconds {
                let error = DurationError(input: String(number), reason: .tooLong)
                throw .badRequest("error converting input for field \"\(name)\": \(error.description)")
            }
            seconds = number
        }
        guard seconds < 0 else { return seconds }
        if negativeDisables { return -1 }
        throw .badRequest("error converting input for field \"\(name)\": cannot provide negative value '\(seconds)'")
    }

    /// `custom_metadata` as given: values printed as strings, null kept as nil (a removal in a patch).
    static func customMetadata(_ fields: FieldValues) throws(CoreError) -> [String: String?]? {
        guard let value = try fields.json("custom_metadata") else { return nil }
        guard case .object(let members) = value else {
            throw .badRequest(
                "error converting input for field \"custom_metadata\": expected a map, got \(kind(value))")
        }
        var result: [String: String?] = [:]
        for (key, member) in members.sorted(by: { $0.key < $1.key }) {
            switch member {
            case .null: result[key] = .some(nil)
            case .string(let text): result[key] = text
            case .bool(let flag): result[key] = flag ? "1" : "0"
            case .int, .double: result[key] = member.serializedText
            case .array, .object:
                throw .badRequest(
                    "custom_metadata validation failed: expected a string for key \"\(key)\", got \(kind(member))")
            }
        }
        return result
    }

    /// Checks custom metadata against the limits: at most 64 keys, keys of 1–128 and values of 1–512
    /// bytes, printable text only.
    static func validate(customMetadata: [String: String]) throws(CoreError) {
        var problems: [String] = []
        if customMetadata.count > 64 {
            problems.append("payload must contain at most 64 keys, provided \(customMetadata.count)")
        }
        for (key, value) in customMetadata.sorted(by: { $0.key < $1.key }) {
            if key.utf8.isEmpty || key.utf8.count > 128 {
                problems.append("length of key \"\(key)\" is \(key.utf8.count) but must be 0 < len(key) <= 128")
            }
            if value.utf8.isEmpty || value.utf8.count > 512 {
                problems.append(
                    "length of value for key \"\(key)\" is \(value.utf8.count) but must be 0 < len(value) <= 512")
            }
            if !key.isPrintable { problems.append("key \"\(key)\" contains unprintable characters") }
            if !value.isPrintable { problems.append("value for key \"\(key)\" contains unprintable characters") }
        }
        guard problems.isEmpty else {
            throw .badRequest(multiError(problems.map { "custom_metadata validation failed: " + $0 }))
        }
    }

    /// Several failures in one message, worded as Go's multierror prints them.
    static func multiError(_ messages: [String]) -> String {
        let header = messages.count == 1 ? "1 error occurred:" : "\(messages.count) errors occurred:"
        return header + messages.map { "\n\t* " + $0 }.joined() + "\n\n"
    }

    private static func kind(_ value: JSONValue?) -> String {
        switch value {
        case .bool?: return "bool"
        case .int?, .double?: return "number"
        case .string?: return "string"
        case .array?: return "array"
        case .object?: return "map"
        case nil, .null?: return "null"
        }
    }
}

extension JSONValue {
    /// The value as compact JSON text (a string without quotes), for messages and printed numbers.
    fileprivate var serializedText: String {
        if case .string(let text) = self { return text }
        return String(decoding: serialized(), as: UTF8.self)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// Letters, marks, numbers, punctuation, symbols and the ASCII space only.
    fileprivate var isPrintable: Bool {
        unicodeScalars.allSatisfy { scalar in
            if scalar == " " { return true }
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
                .paragraphSeparator:
                return false
            default: return true
            }
        }
    }
}
