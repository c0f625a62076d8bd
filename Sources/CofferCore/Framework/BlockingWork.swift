import Dispatch

/// Work that may wait on something outside the server — a socket peer that does not read, a pipe
/// without a reader, a syslog daemon — run on a Dispatch worker thread. The server's tasks run on
/// its event loops, which also serve every other connection; blocking one of them would hold up
/// requests that have nothing to do with the wait (`sys/health` included).
enum BlockingWork {
    private static let queue = DispatchQueue(label: "coffer.blocking-work", attributes: .concurrent)

    /// Runs `body` on a worker thread and returns what it returns, or throws what it throws.
    static func run<Value: Sendable, Failure: Error>(
        _ body: @escaping @Sendable () throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(Failure) { continuation.resume(returning: .success(try body())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
