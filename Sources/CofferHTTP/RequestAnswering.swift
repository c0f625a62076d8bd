/// What answers the listener's requests: the Vault API (`VaultResponder`), or the benchmark's
/// HTTP floor, which measures the listener with no work behind it.
public protocol RequestAnswering: Sendable {
    /// The largest body accepted; larger bodies reach `answer(_:)` as nil (413).
    var maxRequestSize: Int { get }
    func answer(_ request: VaultHTTPRequest) async -> VaultAnswer
}
