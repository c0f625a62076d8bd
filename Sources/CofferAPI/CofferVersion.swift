/// The version this build of Coffer reports in `sys/seal-status`, `sys/health` and `coffer version`.
public enum CofferVersion {
    public static let current = "0.1.0"
    /// When this version was cut (RFC 3339), reported as `commit_date`.
    public static let releaseDate = "2026-11-22T00:00:00Z"
}
