import CofferHCL
import Testing

/// Expects parsing `text` to fail at `line`:`column` with exactly `message`.
func expectError(
    _ text: String,
    line: Int,
    column: Int,
    _ message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let expected = HCLError(position: HCLPosition(line: line, column: column), message: message)
    #expect(throws: expected, sourceLocation: sourceLocation) { try HCLParser.parse(text) }
}
