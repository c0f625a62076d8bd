import CofferHCL

/// Reads policy text, HCL or JSON, into validated path rules; every error names the line and column.
///
/// Text whose first non-blank character is `{` is JSON, as Vault decides. JSON
/// `{"path": {"secret/*": {…}}}` and HCL `path "secret/*" { … }` say the same thing.
enum PolicyParser {
    /// The path rules of `text`, in source order.
    static func rules(in text: String) throws(PolicyError) -> [PathRule] {
        let body = try body(of: text)
        var rules: [PathRule] = []
        for attribute in body.attributes {
            switch attribute.name {
            case "name":
                continue
            case "path":
                for stanza in try stanzas(in: attribute) {
                    rules.append(try rule(pattern: stanza.name, value: stanza.value, at: stanza.position))
                }
            default:
                throw .invalid("invalid key \"\(attribute.name)\"", at: attribute.position)
            }
        }
        for block in body.blocks {
            guard block.type == "path" else { throw .invalid("invalid key \"\(block.type)\"", at: block.position) }
            guard block.labels.count == 1 else {
                throw .invalid(
                    "a path block takes exactly one pattern, as in path \"secret/*\" { … }", at: block.position)
            }
            rules.append(try rule(pattern: block.labels[0], body: block.body, at: block.position))
        }
        return rules.sorted { ($0.position.line, $0.position.column) < ($1.position.line, $1.position.column) }
    }

    private static func body(of text: String) throws(PolicyError) -> HCLBody {
        if text.unicodeScalars.first(where: { !$0.properties.isWhitespace }) == "{" {
            return try PolicyJSONReader.body(of: text)
        }
        do {
            return try HCLParser.parse(text)
        } catch {
            throw .syntax(error.message, at: error.position)
        }
    }

    /// The `"pattern": {…}` members of a `path` attribute: an object, or a list of objects.
    private static func stanzas(in attribute: HCLAttribute) throws(PolicyError) -> [HCLAttribute] {
        let objects = attribute.value.listValue ?? [attribute.value]
        var stanzas: [HCLAttribute] = []
        for object in objects {
            guard let body = object.objectValue, body.blocks.isEmpty else {
                throw .invalid("\"path\" must map each pattern to its rules", at: attribute.position)
            }
            stanzas += body.attributes
        }
        return stanzas
    }

    private static func rule(pattern: String, value: HCLValue, at position: HCLPosition) throws(PolicyError)
        -> PathRule
    {
        guard let body = value.objectValue else {
            throw .invalid("path \"\(pattern)\": the rules must be an object", at: position)
        }
        return try rule(pattern: pattern, body: body, at: position)
    }

    private static func rule(pattern: String, body: HCLBody, at position: HCLPosition) throws(PolicyError)
        -> PathRule
    {
        let glob = try PathGlob(pattern, at: position)
        var stanza = StanzaReader(pattern: pattern)
        for attribute in body.attributes {
            try stanza.read(attribute)
        }
        for block in body.blocks {
            try stanza.read(block)
        }
        return try stanza.rule(glob: glob, at: position)
    }
}
