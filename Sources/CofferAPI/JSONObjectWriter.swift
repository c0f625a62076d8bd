/// Compact JSON text for an object written field by field, in the order given: for hot paths
/// (audit lines) that would otherwise build a dictionary only to print it, and for blocks that
/// are written once and then reused as text in several objects.
public struct JSONObjectWriter {
    private var bytes: [UInt8]
    private var isEmpty = true

    /// An object whose text starts after `prefix` (text written before the opening brace).
    public init(capacity: Int = 256, prefix: String = "") {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(contentsOf: prefix.utf8)
        bytes.append(UInt8(ascii: "{"))
    }

    /// A nested object continuing in `buffer`, which it takes over until it is finished.
    private init(continuing buffer: inout [UInt8]) {
        bytes = []
        swap(&bytes, &buffer)
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func string(_ key: String, _ value: String) {
        begin(key)
        JSONValue.writeString(value, into: &bytes)
    }

    public mutating func int(_ key: String, _ value: Int64) {
        begin(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ key: String, _ value: Bool) {
        begin(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func strings(_ key: String, _ values: [String]) {
        begin(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.writeString(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A field holding `value`; with `transform`, its strings as `transform` turns them.
    public mutating func value(_ key: String, _ value: JSONValue, mappingStrings transform: ((String) -> String)? = nil) {
        begin(key)
        value.write(into: &bytes, mappingStrings: transform)
    }

    /// A field whose value is JSON text already, as `finished()` returned it.
    public mutating func json(_ key: String, _ text: [UInt8]) {
        begin(key)
        bytes.append(contentsOf: text)
    }

    /// A field holding an object that `build` writes.
    public mutating func object(_ key: String, _ build: (inout JSONObjectWriter) -> Void) {
        begin(key)
        var nested = JSONObjectWriter(continuing: &bytes)
        build(&nested)
        bytes = nested.finished()
    }

    /// The object's text, closed, and followed by `terminator` if given (a newline, for a line).
    public consuming func finished(terminator: UInt8? = nil) -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        if let terminator { bytes.append(terminator) }
        return bytes
    }

    private mutating func begin(_ key: String) {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        isEmpty = false
        JSONValue.writeString(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }
}
