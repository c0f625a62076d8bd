import CofferHCL

/// A policy path pattern taken apart for matching, compared by bytes as storage keys are.
///
/// `+` as a whole segment matches any one segment; a trailing `*` matches anything that follows,
/// across segments. A `+` inside a segment is an ordinary character.
struct PathGlob: Sendable, Equatable {
    /// One `/`-separated part of a pattern.
    enum Segment: Sendable, Equatable {
        /// Matches exactly these bytes.
        case literal(ArraySlice<UInt8>)
        /// `+`: matches any one segment.
        case wildcard
    }

    /// The pattern as written, without a leading `/`.
    let pattern: String
    /// The whole segments a matching path must start with (all of them, for a pattern without `*`).
    let segments: [Segment]
    /// For a pattern ending in `*`: the bytes the next path segment must start with.
    let globPrefix: ArraySlice<UInt8>?
    /// How this pattern ranks against others matching the same path.
    let priority: RulePriority

    /// True for a pattern with neither `+` nor `*`: it matches one path only.
    var isExact: Bool { globPrefix == nil && !segments.contains(.wildcard) }

    /// The pattern `text`; a leading `/` is dropped. Only a final `*` is a glob: one anywhere else
    /// is an ordinary character, as in Vault.
    init(_ text: String, at position: HCLPosition) throws(PolicyError) {
        var bytes = Array(text.utf8)[...]
        while bytes.first == UInt8(ascii: "/") { bytes = bytes.dropFirst() }
        let pattern = String(decoding: bytes, as: UTF8.self)
        let star = UInt8(ascii: "*")
        let isGlob = bytes.last == star
        let body = isGlob ? bytes.dropLast() : bytes
        var parts = body.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let globPrefix = isGlob ? parts.removeLast() : nil
        let segments: [Segment] = parts.map { $0.elementsEqual("+".utf8) ? .wildcard : .literal($0) }
        if globPrefix?.elementsEqual("+".utf8) == true {
            throw .invalid("path \"\(text)\": invalid use of wildcards (\"+*\" is forbidden)", at: position)
        }
        self.pattern = pattern
        self.segments = segments
        self.globPrefix = globPrefix
        self.priority = RulePriority(segments: segments, isGlob: isGlob, body: Array(body))
    }
}
