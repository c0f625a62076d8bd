/// A place in HCL source text: 1-based line, and 1-based column counted in Unicode scalars.
public struct HCLPosition: Sendable, Equatable {
    /// The line, starting at 1.
    public let line: Int
    /// The column, starting at 1; a tab counts as one column.
    public let column: Int

    /// Creates a position from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

extension HCLPosition: CustomStringConvertible {
    /// `line:column`, as compilers and editors print it.
    public var description: String { "\(line):\(column)" }
}
