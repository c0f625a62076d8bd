/// Why HCL text could not be parsed, and where: every error names the line and column of the offending token.
public struct HCLError: Error, Sendable, Equatable {
    /// The file the text came from, when the caller named one.
    public let fileName: String?
    /// Where the offending token starts.
    public let position: HCLPosition
    /// What is wrong, phrased so the author can fix it.
    public let message: String

    /// Creates an error at `position`, optionally naming the file it occurred in.
    public init(fileName: String? = nil, position: HCLPosition, message: String) {
        self.fileName = fileName
        self.position = position
        self.message = message
    }

    /// The same error, attributed to `fileName`.
    func located(in fileName: String?) -> HCLError {
        HCLError(fileName: fileName, position: position, message: message)
    }
}

extension HCLError: CustomStringConvertible {
    /// `file:line:column: message`, or `line:column: message` when no file is named.
    public var description: String {
        if let fileName { return "\(fileName):\(position): \(message)" }
        return "\(position): \(message)"
    }
}
