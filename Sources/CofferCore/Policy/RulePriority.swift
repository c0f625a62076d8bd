/// The rank of a pattern among those matching one path; the highest-ranked match decides.
///
/// Ranked as Vault and OpenBao rank patterns, each criterion deciding only on a tie of those before:
/// the later the first `+` or `*`, the higher; a pattern without a trailing `*` over one with it;
/// fewer `+` segments over more; longer over shorter; and last, lexicographically greater bytes.
struct RulePriority: Sendable, Equatable, Comparable {
    /// The byte offset of the first `+` segment or of the trailing `*`; `Int.max` when there is neither.
    let firstWildcard: Int
    /// True when the pattern ends in `*`.
    let isGlob: Bool
    /// How many `+` segments the pattern has.
    let wildcards: Int
    /// The pattern's bytes without its trailing `*`.
    let body: [UInt8]

    /// The rank of a pattern made of `segments`, whose bytes without the trailing `*` are `body`.
    init(segments: [PathGlob.Segment], isGlob: Bool, body: [UInt8]) {
        var offset = 0
        var first: Int?
        var wildcards = 0
        for segment in segments {
            switch segment {
            case .wildcard:
                first = first ?? offset
                wildcards += 1
                offset += 2
            case .literal(let bytes):
                offset += bytes.count + 1
            }
        }
        self.firstWildcard = first ?? (isGlob ? body.count : Int.max)
        self.isGlob = isGlob
        self.wildcards = wildcards
        self.body = body
    }

    /// True when `lhs` ranks below `rhs`.
    static func < (lhs: RulePriority, rhs: RulePriority) -> Bool {
        if lhs.firstWildcard != rhs.firstWildcard { return lhs.firstWildcard < rhs.firstWildcard }
        if lhs.isGlob != rhs.isGlob { return lhs.isGlob }
        if lhs.wildcards != rhs.wildcards { return lhs.wildcards > rhs.wildcards }
        if lhs.body.count != rhs.body.count { return lhs.body.count < rhs.body.count }
        return lhs.body.lexicographicallyPrecedes(rhs.body)
    }
}
