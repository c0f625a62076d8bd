extension StringProtocol {
    /// The string without leading and trailing whitespace, as tokens, names and paths are taken.
    /// Text that starts and ends with a printable ASCII character is returned without a scan.
    public var trimmingWhitespace: String {
        let bytes = utf8
        if let first = bytes.first, (0x21...0x7e).contains(first),
            (0x21...0x7e).contains(bytes[bytes.index(bytes.endIndex, offsetBy: -1)])
        {
            return String(self)
        }
        var text = self[...]
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
