/// Parses HCL version 1, as HashiCorp Vault and OpenBao config files and ACL policies are written.
public enum HCLParser {
    /// Parses `text` into its top-level body; a thrown error names `fileName`, the line and the column.
    public static func parse(_ text: String, fileName: String? = nil) throws(HCLError) -> HCLBody {
        do {
            var parser = HCLBodyParser(tokens: try HCLLexer.tokens(of: text))
            return try parser.parseFile()
        } catch {
            throw error.located(in: fileName)
        }
    }
}
