extension StringProtocol {
    /// Whether the UTF-8 bytes begin with `prefix`'s. Paths, keys and tokens compare by bytes, as
    /// storage orders them: `hasPrefix` compares characters, and a character can join across the
    /// boundary (U+0600 followed by `/` is one character), or match another spelling of itself.
    public func hasBytePrefix(_ prefix: some StringProtocol) -> Bool {
        utf8.starts(with: prefix.utf8)
    }

    /// Whether the UTF-8 bytes end with `suffix`'s; see `hasBytePrefix`.
    public func hasByteSuffix(_ suffix: some StringProtocol) -> Bool {
        utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// The text after its first `count` UTF-8 bytes, which must be the length of a prefix it has
    /// (`hasBytePrefix`), so the cut falls between two scalars.
    public func droppingBytes(_ count: Int) -> Substring {
        let text = String(self)[...]
        return Substring(text.utf8.dropFirst(count))
    }

    /// The text without its last `count` UTF-8 bytes, which must be a suffix it has
    /// (`hasByteSuffix`).
    public func droppingLastBytes(_ count: Int) -> Substring {
        let text = String(self)[...]
        return Substring(text.utf8.dropLast(count))
    }
}

extension StringProtocol {
    /// The pieces between `/` bytes (empty pieces kept unless `omittingEmpty`). `split` on the
    /// character `/` misses a slash that a character before it joins (U+0600 and `/`).
    public func slashSeparated(omittingEmpty: Bool) -> [Substring] {
        let text = String(self)[...]
        return text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: omittingEmpty).map {
            Substring($0)
        }
    }
}

extension StringProtocol {
    /// The text before and after its first `/` byte, or nil when it has none. Slicing at a
    /// character would take the slash together with a combining mark after it.
    public func splitAtFirstSlash() -> (before: Substring, after: Substring)? {
        let text = String(self)[...]
        guard let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        return (Substring(text.utf8[..<slash]), Substring(text.utf8[text.utf8.index(after: slash)...]))
    }

    /// The text before and after its last `/` byte, or nil when it has none.
    public func splitAtLastSlash() -> (before: Substring, after: Substring)? {
        let text = String(self)[...]
        guard let slash = text.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return (Substring(text.utf8[..<slash]), Substring(text.utf8[text.utf8.index(after: slash)...]))
    }
}
