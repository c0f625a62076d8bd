/// What answers the listener's requests: the Vault API (`VaultResponder`), or the benchmark's
/// HTTP floor, which measures the listener with no work behind it.
public protocol RequestAnswering: Sendable {
    /// The largest body accepted; larger bodies reach `answer(_:)` as nil (413).
    var maxRequestSize: Int { get }
    /// The answer to a request that needs no waiting, made on the connection's event loop without a
    /// task; nil when the request must go to `answer(_:)`.
    func answerAtOnce(_ request: VaultHTTPRequest) -> VaultAnswer?
    func answer(_ request: VaultHTTPRequest) async -> VaultAnswer
}

extension RequestAnswering {
    public func answerAtOnce(_ request: VaultHTTPRequest) -> VaultAnswer? { nil }
}
