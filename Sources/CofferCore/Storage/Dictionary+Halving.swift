extension Dictionary {
    /// Every other entry, in a fresh table: how a bounded cache sheds half of what it holds.
    /// Removing a run of neighbouring entries instead would leave the rest clustered in the
    /// table, and every later lookup slow.
    public func halved() -> [Key: Value] {
        var kept: [Key: Value] = [:]
        kept.reserveCapacity(count / 2 + 1)
        for (index, (key, value)) in enumerated() where index % 2 == 1 { kept[key] = value }
        return kept
    }
}
