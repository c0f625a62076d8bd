/// An ordered key-value store: the one seam between Coffer's core and a database.
///
/// Keys are `/`-separated paths. Every implementation passes the shared storage suite.
/// Values are opaque bytes; above the barrier they are ciphertexts.
public protocol Storage: Sendable {
    /// The value at `key`, or nil when absent.
    func get(_ key: String) async throws(StorageError) -> [UInt8]?
    /// Stores `value` at `key`, durably once this returns.
    func put(_ key: String, _ value: [UInt8]) async throws(StorageError)
    /// Removes `key`; removing an absent key succeeds.
    func delete(_ key: String) async throws(StorageError)
    /// Immediate children of `prefix` in key order: leaf names, and folder names ending in `/`.
    func list(prefix: String) async throws(StorageError) -> [String]
    /// Entries with `start <= key < end`, in key order, at most `limit`.
    func scan(from start: String, to end: String, limit: Int) async throws(StorageError) -> [StorageEntry]
    /// Applies every operation or none, durably once this returns.
    func transaction(_ operations: [StorageOperation]) async throws(StorageError)
    /// For each of `prefixes`, whether some key starts with it and is longer; in one round trip
    /// where the database allows, so a caller can skip the listings it would find empty.
    func hasKeys(under prefixes: [String]) async throws(StorageError) -> [Bool]
}

/// A key and its stored bytes.
public struct StorageEntry: Sendable, Equatable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }
}

/// One write inside a `Storage.transaction`.
public enum StorageOperation: Sendable, Equatable {
    case put(String, [UInt8])
    case delete(String)

    /// The key the operation writes.
    public var key: String {
        switch self {
        case .put(let key, _), .delete(let key): return key
        }
    }
}

/// Why a storage call failed; the message never contains a stored value.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Equatable {
        /// The database could not be reached, opened or written.
        case unavailable
        /// Stored bytes failed their integrity check.
        case corrupt
        /// The call itself was malformed (an empty key, say).
        case invalidArgument
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension Storage {
    /// One listing per prefix.
    public func hasKeys(under prefixes: [String]) async throws(StorageError) -> [Bool] {
        var found: [Bool] = []
        for prefix in prefixes {
            found.append(!(try await list(prefix: prefix)).isEmpty)
        }
        return found
    }

    /// Every key below `prefix`, recursively, in key order.
    public func keys(under prefix: String) async throws(StorageError) -> [String] {
        var result: [String] = []
        var folders = [prefix]
        while let folder = folders.popLast() {
            for child in try await list(prefix: folder) {
                if child.hasByteSuffix("/") {
                    folders.append(folder + child)
                } else {
                    result.append(folder + child)
                }
            }
        }
        return result.sorted()
    }
}
