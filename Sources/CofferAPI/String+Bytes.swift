/// Byte-wise text operations for `String` and `Substring`. Paths, keys and tokens compare by
/// their UTF-8 bytes, as storage orders them: `hasPrefix`, `split` and index steps work on
/// characters, and a character can join across a slash (U+0600 before it, a combining mark after
/// it) or match another spelling of itself. Inlinable, so each call compiles to a loop over bytes.
extension StringProtocol where UTF8View: BidirectionalCollection, UTF8View.SubSequence == Substring.UTF8View {
    /// Whether the UTF-8 bytes begin with `prefix`'s.
    @inlinable
    public func hasBytePrefix(_ prefix: some StringProtocol) -> Bool {
        utf8.starts(with: prefix.utf8)
    }

    /// Whether the UTF-8 bytes end with `suffix`'s.
    @inlinable
    public func hasByteSuffix(_ suffix: some StringProtocol) -> Bool {
        let count = suffix.utf8.count
        return count <= utf8.count && utf8.suffix(count).elementsEqual(suffix.utf8)
    }

    /// The text after its first `count` UTF-8 bytes, which must be the length of a prefix it has
    /// (`hasBytePrefix`), so the cut falls between two scalars.
    @inlinable
    public func droppingBytes(_ count: Int) -> Substring {
        Substring(utf8.dropFirst(count))
    }

    /// The text without its last `count` UTF-8 bytes, which must be a suffix it has
    /// (`hasByteSuffix`).
    @inlinable
    public func droppingLastBytes(_ count: Int) -> Substring {
        Substring(utf8.dropLast(count))
    }

    /// The pieces between `/` bytes, empty pieces kept unless `omittingEmpty`.
    @inlinable
    public func slashSeparated(omittingEmpty: Bool) -> [Substring] {
        utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: omittingEmpty).map { Substring($0) }
    }

    /// The text before and after its first `/` byte, or nil when it has none.
    @inlinable
    public func splitAtFirstSlash() -> (before: Substring, after: Substring)? {
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        return (Substring(utf8[..<slash]), Substring(utf8[utf8.index(after: slash)...]))
    }

    /// The text before and after its last `/` byte, or nil when it has none.
    @inlinable
    public func splitAtLastSlash() -> (before: Substring, after: Substring)? {
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return (Substring(utf8[..<slash]), Substring(utf8[utf8.index(after: slash)...]))
    }
}
