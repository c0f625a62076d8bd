import Synchronization

/// Gives requests priority over the background sweeps that revoke what has fallen due.
///
/// A sweep works in batches. Between two batches it asks the pacer to `rest`: when a request
/// arrived while the batch ran, the sweep waits as long as the batch took, so however large the
/// crowd that falls due at once, the sweep works at most half of the time and requests have the
/// server to themselves the other half. On a server no request reaches, the sweep never waits.
final class SweepPacer: Sendable {
    /// Where a batch began: the time, and how many requests had arrived by then.
    struct Mark: Sendable {
        fileprivate let start: ContinuousClock.Instant
        fileprivate let requests: Int
    }

    private let requests = Atomic<Int>(0)

    /// Counts one request; called as each request enters the pipeline.
    func requestArrived() {
        requests.wrappingAdd(1, ordering: .relaxed)
    }

    /// Marks the start of a batch of sweep work.
    func batchStarts() -> Mark {
        Mark(start: .now, requests: requests.load(ordering: .relaxed))
    }

    /// Waits before the next batch when requests arrived during the one begun at `mark`.
    func rest(after mark: Mark) async {
        guard requests.load(ordering: .relaxed) != mark.requests else { return }
        try? await Task.sleep(for: ContinuousClock.now - mark.start)
    }
}
