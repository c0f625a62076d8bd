import CofferCore

/// The storage under test, as the suite's cases see it: every call that fails unexpectedly
/// becomes a `StorageSuiteFailure` at the case's line, and the checks compare keys by bytes.
struct SuiteStorage: Sendable {
    let storage: any Storage

    init(_ storage: any Storage) {
        self.storage = storage
    }

    func get(_ key: String, file: StaticString = #fileID, line: UInt = #line) async throws(StorageSuiteFailure)
        -> [UInt8]?
    {
        try await call("get", file, line) { () async throws(StorageError) in try await storage.get(key) }
    }

    func put(_ key: String, _ value: [UInt8], file: StaticString = #fileID, line: UInt = #line)
        async throws(StorageSuiteFailure)
    {
        try await call("put", file, line) { () async throws(StorageError) in try await storage.put(key, value) }
    }

    func delete(_ key: String, file: StaticString = #fileID, line: UInt = #line) async throws(StorageSuiteFailure) {
        try await call("delete", file, line) { () async throws(StorageError) in try await storage.delete(key) }
    }

    func list(_ prefix: String, file: StaticString = #fileID, line: UInt = #line) async throws(StorageSuiteFailure)
        -> [String]
    {
        try await call("list", file, line) { () async throws(StorageError) in try await storage.list(prefix: prefix) }
    }

    func hasKeys(_ prefixes: [String], file: StaticString = #fileID, line: UInt = #line)
        async throws(StorageSuiteFailure) -> [Bool]
    {
        try await call("hasKeys", file, line) { () async throws(StorageError) in
            try await storage.hasKeys(under: prefixes)
        }
    }

    func scan(_ start: String, _ end: String, limit: Int, file: StaticString = #fileID, line: UInt = #line)
        async throws(StorageSuiteFailure) -> [StorageEntry]
    {
        try await call("scan", file, line) { () async throws(StorageError) in
            try await storage.scan(from: start, to: end, limit: limit)
        }
    }

    func transaction(_ operations: [StorageOperation], file: StaticString = #fileID, line: UInt = #line)
        async throws(StorageSuiteFailure)
    {
        try await call("transaction", file, line) { () async throws(StorageError) in
            try await storage.transaction(operations)
        }
    }

    /// Checks that `body` fails with `code`.
    func expectError(
        _ code: StorageError.Code,
        _ what: String,
        file: StaticString = #fileID,
        line: UInt = #line,
        _ body: (any Storage) async throws(StorageError) -> Void
    ) async throws(StorageSuiteFailure) {
        do throws(StorageError) {
            try await body(storage)
        } catch {
            guard error.code == code else {
                throw StorageSuiteFailure(
                    "\(what): expected \(code), got \(error.code): \(error)", file: file, line: line)
            }
            return
        }
        throw StorageSuiteFailure("\(what): expected \(code), but it succeeded", file: file, line: line)
    }

    private func call<T>(
        _ name: String,
        _ file: StaticString,
        _ line: UInt,
        _ body: () async throws(StorageError) -> T
    ) async throws(StorageSuiteFailure) -> T {
        do throws(StorageError) {
            return try await body()
        } catch {
            throw StorageSuiteFailure("\(name) failed: \(error.code): \(error)", file: file, line: line)
        }
    }
}

/// Checks that `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line)
    throws(StorageSuiteFailure)
{
    guard condition else { throw StorageSuiteFailure(message(), file: file, line: line) }
}

/// Checks that a value read back is `expected`, without printing large values.
func expectValue(
    _ actual: [UInt8]?,
    _ expected: [UInt8]?,
    _ what: String,
    file: StaticString = #fileID,
    line: UInt = #line
) throws(StorageSuiteFailure) {
    guard actual != expected else { return }
    func show(_ value: [UInt8]?) -> String {
        guard let value else { return "nil" }
        return value.count <= 16 ? "\(value)" : "\(value.count) bytes"
    }
    throw StorageSuiteFailure("\(what): expected \(show(expected)), got \(show(actual))", file: file, line: line)
}

/// Checks that two lists of keys are equal byte for byte, in order.
func expectKeys(
    _ actual: [String],
    _ expected: [String],
    _ what: String,
    file: StaticString = #fileID,
    line: UInt = #line
) throws(StorageSuiteFailure) {
    let same = actual.count == expected.count && zip(actual, expected).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    guard !same else { return }
    throw StorageSuiteFailure(
        "\(what): expected \(expected.map(\.debugDescription)), got \(actual.map(\.debugDescription))",
        file: file, line: line)
}

/// `keys` in storage order: by UTF-8 bytes.
func byteOrdered(_ keys: [String]) -> [String] {
    keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
}
