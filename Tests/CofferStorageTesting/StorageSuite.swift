import CofferCore

/// The conformance suite every `Storage` backend must pass.
///
/// Run each case on a new, empty storage. A case throws `StorageSuiteFailure` at the first check
/// that fails; the suite imports no test framework, so any test runner can drive it.
public enum StorageSuite {
    /// Every case, each independent of the others.
    public static let cases: [StorageSuiteCase] = basicCases + listingCases + transactionCases + dataCases
}

/// One named scenario of the storage suite.
public struct StorageSuiteCase: Sendable {
    /// A stable, unique name, usable as a test argument.
    public let name: String
    private let body: @Sendable (SuiteStorage) async throws(StorageSuiteFailure) -> Void

    init(_ name: String, _ body: @escaping @Sendable (SuiteStorage) async throws(StorageSuiteFailure) -> Void) {
        self.name = name
        self.body = body
    }

    /// Runs the scenario on `storage`, which must be empty; throws at the first failed check.
    public func run(_ storage: any Storage) async throws(StorageSuiteFailure) {
        try await body(SuiteStorage(storage))
    }
}

/// A failed check of the storage suite, with the place in the suite that made it.
public struct StorageSuiteFailure: Error, CustomStringConvertible {
    /// What was expected and what happened.
    public let message: String
    /// The suite file of the check, as `#fileID` gives it.
    public let file: String
    /// The line of the check.
    public let line: Int

    /// A failure at the caller's place in the suite.
    public init(_ message: String, file: StaticString = #fileID, line: UInt = #line) {
        self.message = message
        self.file = "\(file)"
        self.line = Int(line)
    }

    /// `file:line: message`.
    public var description: String { "\(file):\(line): \(message)" }
}
