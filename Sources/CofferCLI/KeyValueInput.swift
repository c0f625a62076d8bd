import CofferClient

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns `write`'s arguments into a request body, as vault does: `k=v`, `k=@file` (the file's
/// text), `k=-` (standard input), `-` or `@file.json` alone (a JSON object); a repeated key
/// gathers its values into a list.
struct KeyValueInput: Sendable {
    /// Reads a whole file by path.
    var readFile: @Sendable (String) throws(CommandFailure) -> [UInt8]
    /// Reads all of standard input.
    var readStandardInput: @Sendable () throws(CommandFailure) -> [UInt8]

    /// Input that reads the real files and standard input.
    static let process = KeyValueInput(readFile: Console.readFile, readStandardInput: Console.readStandardInput)

    /// The JSON object `arguments` describe, or a failure naming the bad argument after `heading`.
    func parse(_ arguments: [String], heading: String = "Failed to parse K=V data") throws(CommandFailure)
        -> [String: JSONValue]
    {
        var result: [String: JSONValue] = [:]
        var stdinUsed = false
        for argument in arguments {
            do throws(CommandFailure) {
                if argument == "-" || (argument.hasBytePrefix("@") && !argument.contains("=")) {
                    let bytes = try argument == "-" ? stdin(&stdinUsed) : readFile(String(argument.dropFirst()))
                    for (key, value) in try Self.jsonObject(bytes) { Self.add(value, for: key, to: &result) }
                    continue
                }
                guard let equals = argument.firstIndex(of: "=") else {
                    throw .usage("format must be key=value")
                }
                let key = String(argument[..<equals])
                var value = String(argument[argument.index(after: equals)...])
                if value == "-" {
                    value = String(decoding: try stdin(&stdinUsed), as: UTF8.self)
                } else if value.hasBytePrefix("@") {
                    value = String(decoding: try readFile(String(value.dropFirst())), as: UTF8.self)
                }
                Self.add(.string(value), for: key, to: &result)
            } catch {
                throw .usage("\(heading): invalid key/value pair \"\(argument)\": \(error.message)")
            }
        }
        return result
    }

    /// The object `arguments` describe with each value as text, converted as vault converts
    /// options: a number as written, a boolean as `1` or `0`, null as empty. A key given more
    /// than once, or a list or object value, is a usage failure.
    func parseAsStrings(_ arguments: [String]) throws(CommandFailure) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in try parse(arguments).sorted(by: { $0.key < $1.key }) {
            switch value {
            case .string(let text): result[key] = text
            case .int, .double: result[key] = JSONText.scalarText(value)
            case .bool(let flag): result[key] = flag ? "1" : "0"
            case .null: result[key] = ""
            case .array, .object:
                throw .usage(
                    "Failed to parse K=V data: failed to convert values to strings: \"\(key)\" must have one "
                        + "value, given once, not a list or an object")
            }
        }
        return result
    }

    /// The `k=v` values of a repeatable flag such as `-metadata` as a map; a value without `=`
    /// is a usage failure naming `flag`.
    static func pairs(_ values: [String], flag: String) throws(CommandFailure) -> [String: String] {
        var result: [String: String] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "=") else {
                throw .usage("invalid value \"\(value)\" for flag -\(flag): missing = in KV pair: \"\(value)\"")
            }
            result[String(value[..<equals])] = String(value[value.index(after: equals)...])
        }
        return result
    }

    private func stdin(_ used: inout Bool) throws(CommandFailure) -> [UInt8] {
        guard !used else { throw .usage("stdin already consumed") }
        used = true
        return try readStandardInput()
    }

    private static func jsonObject(_ bytes: [UInt8]) throws(CommandFailure) -> [String: JSONValue] {
        guard let value = try? JSONValue(parsing: bytes) else {
            throw .usage("the input is not valid JSON")
        }
        guard let object = value.objectValue else { throw .usage("the JSON input must be an object") }
        return object
    }

    private static func add(_ value: JSONValue, for key: String, to result: inout [String: JSONValue]) {
        switch result[key] {
        case nil: result[key] = value
        case .array(let values)?: result[key] = .array(values + [value])
        case let existing?: result[key] = .array([existing, value])
        }
    }
}
