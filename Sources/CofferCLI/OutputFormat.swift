/// How a command prints what the server answered: `-format=table|json|yaml`.
enum OutputFormat: String, CaseIterable {
    /// Aligned columns for people.
    case table
    /// The answer as indented JSON.
    case json
    /// The answer as YAML.
    case yaml

    /// The format named `text` (any case), or a usage failure naming it.
    static func named(_ text: String) throws(CommandFailure) -> OutputFormat {
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw .usage("Invalid output format: \(text)")
        }
        return format
    }
}
