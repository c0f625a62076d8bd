/// The text `path-help` prints, laid out as the reference lays it out, made from the path tables:
/// for a path, its route, synopsis and declared fields; for a mount's root, its backend's paths.
enum PathHelp {
    /// Help for `request`, a path below its mount that `spec` matches.
    static func text(request: String, spec: PathSpec) -> String {
        var lines = ["Request:        \(request)", "Matching Route: \(spec.pattern.routeExpression)", "", spec.help, ""]
        let fields = (spec.fieldTable?.fields ?? []).sorted { $0.name < $1.name }
        if !fields.isEmpty {
            lines.append("## PARAMETERS")
            for field in fields {
                lines += ["", indented(field.name + " (\(field.type.helpName))", by: 4), "", indented(field.description, by: 8)]
            }
            lines.append("")
        }
        lines += ["## DESCRIPTION", "", spec.help]
        return lines.joined(separator: "\n")
    }

    /// Help for the root of a mount whose backend serves `paths`.
    static func text(backend summary: String, paths: [PathSpec]) -> String {
        var lines = [
            "## DESCRIPTION", "", summary, "", "## PATHS", "",
            "The following paths are supported by this backend. To view help for",
            "any of the paths below, use the help command with any route matching",
            "the path pattern. Note that depending on the policy of your auth token,",
            "you may or may not be able to access certain paths.", "",
        ]
        for spec in paths {
            lines += [indented(spec.pattern.routeExpression, by: 4), indented(spec.help, by: 8), ""]
        }
        return lines.joined(separator: "\n")
    }

    private static func indented(_ text: String, by width: Int) -> String {
        let margin = String(repeating: " ", count: width)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : margin + $0 }
            .joined(separator: "\n")
    }
}
