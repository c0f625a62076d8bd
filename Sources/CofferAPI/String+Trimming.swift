extension StringProtocol {
    /// The string without leading and trailing whitespace, as tokens, names and paths are taken.
    public var trimmingWhitespace: String {
        var text = self[...]
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
