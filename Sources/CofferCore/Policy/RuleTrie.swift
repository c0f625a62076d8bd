/// The patterns with `+` or `*`, as a tree of path segments: finding the best match for a path walks
/// the path's segments once per `+` branch that exists, however many rules there are.
struct RuleTrie: Sendable {
    /// What a lookup found, and how much of the tree it walked.
    struct Match: Sendable {
        /// The index of the highest-priority matching rule, or nil.
        var rule: Int?
        /// How many tree nodes the lookup visited.
        var visitedNodes: Int
    }

    private struct Node: Sendable {
        var literals: [ArraySlice<UInt8>: Int] = [:]
        var wildcard: Int?
        /// The entry of the pattern without `*` that ends here.
        var terminal: Int?
        /// The entries of patterns ending in `*` here, by what the next segment must start with.
        var globs: [ArraySlice<UInt8>: Int] = [:]
        /// The distinct key lengths of `globs`, longest first.
        var globLengths: [Int] = []
    }

    private struct Entry: Sendable {
        let rule: Int
        let priority: RulePriority
    }

    private var nodes = [Node()]
    private var entries: [Entry] = []

    /// Adds `glob`, which has a `+` segment or a trailing `*`, as rule number `rule`.
    mutating func insert(_ glob: PathGlob, rule: Int) {
        var node = 0
        for segment in glob.segments {
            let existing: Int?
            switch segment {
            case .wildcard: existing = nodes[node].wildcard
            case .literal(let bytes): existing = nodes[node].literals[bytes]
            }
            if let existing {
                node = existing
                continue
            }
            nodes.append(Node())
            switch segment {
            case .wildcard: nodes[node].wildcard = nodes.count - 1
            case .literal(let bytes): nodes[node].literals[bytes] = nodes.count - 1
            }
            node = nodes.count - 1
        }
        entries.append(Entry(rule: rule, priority: glob.priority))
        guard let prefix = glob.globPrefix else {
            nodes[node].terminal = entries.count - 1
            return
        }
        nodes[node].globs[prefix] = entries.count - 1
        if !nodes[node].globLengths.contains(prefix.count) {
            nodes[node].globLengths.append(prefix.count)
            nodes[node].globLengths.sort(by: >)
        }
    }

    /// The highest-priority rule whose pattern matches the path made of `segments`.
    func bestMatch(_ segments: [ArraySlice<UInt8>]) -> Match {
        var best: Entry?
        var visited = 0
        var pending = [(node: 0, depth: 0)]
        func consider(_ index: Int) {
            let entry = entries[index]
            if best.map({ $0.priority < entry.priority }) ?? true { best = entry }
        }
        while let (index, depth) = pending.popLast() {
            visited += 1
            guard depth < segments.count else {
                if let terminal = nodes[index].terminal { consider(terminal) }
                continue
            }
            let segment = segments[depth]
            if let glob = longestGlob(in: index, matching: segment) { consider(glob) }
            if let next = nodes[index].literals[segment] { pending.append((next, depth + 1)) }
            if let next = nodes[index].wildcard { pending.append((next, depth + 1)) }
        }
        return Match(rule: best?.rule, visitedNodes: visited)
    }

    /// The entry of the longest glob at `node` that `segment` starts with; at one node the longest ranks highest.
    private func longestGlob(in node: Int, matching segment: ArraySlice<UInt8>) -> Int? {
        let lengths = nodes[node].globLengths
        if lengths.isEmpty { return nil }
        if lengths.count > segment.count {
            for length in stride(from: segment.count, through: 0, by: -1) {
                if let entry = nodes[node].globs[segment.prefix(length)] { return entry }
            }
            return nil
        }
        for length in lengths where length <= segment.count {
            if let entry = nodes[node].globs[segment.prefix(length)] { return entry }
        }
        return nil
    }
}
