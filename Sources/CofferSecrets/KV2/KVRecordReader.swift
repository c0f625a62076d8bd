import CofferAPI
import CofferCore

/// Reads the members of a record the engine stored as a JSON object. A member that is absent
/// reads as its zero value; one of the wrong type makes the whole record unreadable.
struct KVRecordReader {
    private let members: [String: JSONValue]
    private let what: String

    init(_ value: JSONValue, what: String) throws(CoreError) {
        guard let members = value.objectValue else { throw Self.unreadable(what) }
        self.members = members
        self.what = what
    }

    init(bytes: [UInt8], what: String) throws(CoreError) {
        let value: JSONValue
        do { value = try JSONValue(parsing: bytes) } catch { throw Self.unreadable(what) }
        try self.init(value, what: what)
    }

    func int(_ name: String) throws(CoreError) -> Int64 {
        guard let member = members[name], !member.isNull else { return 0 }
        guard case .int(let value) = member else { throw Self.unreadable(what) }
        return value
    }

    func bool(_ name: String) throws(CoreError) -> Bool {
        guard let member = members[name], !member.isNull else { return false }
        guard let value = member.boolValue else { throw Self.unreadable(what) }
        return value
    }

    /// A timestamp stored as nanoseconds, nil when absent.
    func timestamp(_ name: String) throws(CoreError) -> Timestamp? {
        guard let member = members[name], !member.isNull else { return nil }
        guard case .int(let nanoseconds) = member else { throw Self.unreadable(what) }
        return Timestamp(nanoseconds: nanoseconds)
    }

    func strings(_ name: String) throws(CoreError) -> [String: String] {
        guard let member = members[name], !member.isNull else { return [:] }
        guard let object = member.objectValue else { throw Self.unreadable(what) }
        var strings: [String: String] = [:]
        for (key, value) in object {
            guard let text = value.stringValue else { throw Self.unreadable(what) }
            strings[key] = text
        }
        return strings
    }

    func array(_ name: String) throws(CoreError) -> [JSONValue] {
        guard let member = members[name], !member.isNull else { return [] }
        guard let elements = member.arrayValue else { throw Self.unreadable(what) }
        return elements
    }

    private static func unreadable(_ what: String) -> CoreError {
        .internalError("the stored key/value \(what) is unreadable")
    }
}
