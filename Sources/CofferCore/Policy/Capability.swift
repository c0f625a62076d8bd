/// One thing a policy rule can grant on a path, spelled as policies spell it.
public enum Capability: String, Sendable, Hashable, CaseIterable {
    /// Write data where none exists yet (POST/PUT).
    case create
    /// Read data (GET).
    case read
    /// Change existing data (POST/PUT).
    case update
    /// Change part of existing data (PATCH).
    case patch
    /// Remove data (DELETE).
    case delete
    /// List keys (LIST, or GET with `?list=true`).
    case list
    /// Use root-protected paths, together with the capability the operation needs.
    case sudo
    /// Refuse everything on the path, whatever else any policy grants there.
    case deny

    /// The capability a request with `operation` needs; `head` needs `read`, and so does `help`
    /// where a policy is asked about it (help itself is answered without one).
    public init(requiredFor operation: Operation) {
        switch operation {
        case .read, .head, .help: self = .read
        case .list: self = .list
        case .create: self = .create
        case .update: self = .update
        case .delete: self = .delete
        case .patch: self = .patch
        }
    }
}
