/// What a request asks a backend to do; the HTTP method (and `?list=true`) decides it.
public enum Operation: String, Sendable, Hashable, CaseIterable {
    case read
    case list
    case create
    case update
    case delete
    case patch
    case head
    /// `?help=1` on any path: the path's help, which any live token may read.
    case help
}
