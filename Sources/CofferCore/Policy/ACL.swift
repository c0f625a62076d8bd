/// A set of policies compiled for checking requests: exact patterns in a dictionary, the others in a
/// segment tree, so a check costs a few hash lookups per path segment and never parses or scans rules.
///
/// For a path, the most specific matching pattern across all the policies decides alone (see
/// `RulePriority`); stanzas of several policies with that same pattern merge (see `MatchedRule`).
public struct ACL: Sendable {
    /// The root policy's ACL: every capability, `sudo` included, on every path.
    public static let root = ACL(isRoot: true, rules: [], exact: [:], trie: RuleTrie())

    /// True for the root policy's ACL.
    public let isRoot: Bool
    private let rules: [MatchedRule]
    private let exact: [ArraySlice<UInt8>: Int]
    private let trie: RuleTrie

    private init(isRoot: Bool, rules: [MatchedRule], exact: [ArraySlice<UInt8>: Int], trie: RuleTrie) {
        self.isRoot = isRoot
        self.rules = rules
        self.exact = exact
        self.trie = trie
    }

    /// True when some rule granting a capability can apply below `prefix` (a mount path): its
    /// pattern lies under the prefix, or is a glob whose fixed part leads to it. Scans the rules;
    /// for preflight checks only, not the request path.
    public func grantsAnything(under prefix: String) -> Bool {
        if isRoot { return true }
        return rules.contains { rule in
            guard !rule.denies, !rule.capabilities.isEmpty else { return false }
            if rule.pattern.hasBytePrefix(prefix) { return true }
            let fixed = rule.pattern.prefix { $0 != "*" && $0 != "+" }
            return fixed.count < rule.pattern.count && prefix.hasBytePrefix(fixed)
        }
    }

    /// The ACL of a token holding `policies`; stanzas with the same pattern merge in the order given.
    ///
    /// Grants nothing the policies do not: with no policies, every check is denied.
    public init(policies: [Policy]) {
        var rules: [MatchedRule] = []
        var globs: [PathGlob] = []
        var indexByPattern: [[UInt8]: Int] = [:]
        for policy in policies {
            for rule in policy.rules {
                let key = Array(rule.pattern.utf8)
                if let index = indexByPattern[key] {
                    rules[index].merge(rule, policy: policy.name)
                } else {
                    indexByPattern[key] = rules.count
                    rules.append(MatchedRule(rule, policy: policy.name))
                    globs.append(rule.glob)
                }
            }
        }
        var exact: [ArraySlice<UInt8>: Int] = [:]
        var trie = RuleTrie()
        for (index, glob) in globs.enumerated() {
            if glob.isExact {
                exact[ArraySlice(glob.pattern.utf8)] = index
            } else {
                trie.insert(glob, rule: index)
            }
        }
        self.init(isRoot: false, rules: rules, exact: exact, trie: trie)
    }

    /// What the token may do on `path`: the deciding rule's capabilities, empty when none matches or
    /// it denies, and every capability for root. Matches as a list request does, so `secret/foo/`
    /// is also decided by a rule for `secret/foo`.
    public func capabilities(for path: String) -> Capabilities {
        if isRoot { return .all }
        guard let rule = rule(for: path, listing: true).rule, !rule.denies else { return [] }
        return rule.capabilities
    }

    /// True when the rule deciding a request on `path` grants `sudo` (for root, always).
    public func grantsSudo(on path: String) -> Bool {
        if isRoot { return true }
        guard let rule = rule(for: path, listing: false).rule, !rule.denies else { return false }
        return rule.capabilities.contains(.sudo)
    }

    /// The rule deciding `path`, and how many tree nodes finding it visited.
    ///
    /// The order is Vault's. Exact patterns come first; for a list request on a path ending in `/`,
    /// an exact pattern for the path without that slash next. Then wildcards on the path itself,
    /// whose trailing slash is an empty last segment (`kv/x/+` matches `kv/x/`); only if none
    /// matches, a list request's path without its slash (`kv/x/+` then decides `kv/x/y/`).
    func rule(for path: String, listing: Bool) -> (rule: MatchedRule?, visitedNodes: Int) {
        let slash = UInt8(ascii: "/")
        var bytes = Array(path.utf8)[...]
        while bytes.first == slash { bytes = bytes.dropFirst() }
        if let index = exact[bytes] { return (rules[index], 0) }
        let folder = listing && bytes.last == slash
        if folder, let index = exact[bytes.dropLast()] { return (rules[index], 0) }
        let match = trie.bestMatch(Self.segments(of: bytes))
        if let index = match.rule { return (rules[index], match.visitedNodes) }
        guard folder else { return (nil, match.visitedNodes) }
        let trimmed = trie.bestMatch(Self.segments(of: bytes.dropLast()))
        return (trimmed.rule.map { rules[$0] }, match.visitedNodes + trimmed.visitedNodes)
    }

    private static func segments(of path: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    }
}
