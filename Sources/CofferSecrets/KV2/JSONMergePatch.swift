import CofferAPI

/// JSON Merge Patch (RFC 7396): objects merge member by member, null removes a member,
/// anything else replaces the target.
enum JSONMergePatch {
    /// `target` with `patch` applied.
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, change) in changes {
            if change == .null {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(change, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
