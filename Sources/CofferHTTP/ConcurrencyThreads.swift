import Foundation
import NIOCore
import NIOPosix

/// Where the server's Swift concurrency runs: on NIO's event-loop threads, one per usable CPU.
///
/// Request handlers then run on the thread that read the request instead of hopping to Swift's own
/// pool and back, and a server pinned to one CPU (`taskset`) runs one busy thread instead of
/// switching between several. Blocking work must stay off these threads: SQLite already runs on
/// its own thread pool.
public enum ConcurrencyThreads {
    /// Installs the event loops as the global executor; call on the main thread before any task starts.
    public static func install() {
        NIOSingletons.groupLoopCountSuggestion = usableCPUs()
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// CPUs this process may run on: its affinity mask (`taskset`), within NIO's count, which
    /// honours cgroup quotas.
    public static func usableCPUs() -> Int {
        let available = System.coreCount
        guard let allowed = affinityCPUs() else { return available }
        return max(1, min(available, allowed))
    }

    /// The number of CPUs in the `Cpus_allowed` mask of `/proc/self/status`, where there is one.
    private static func affinityCPUs() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasBytePrefix("Cpus_allowed:") {
            let mask = line.dropFirst("Cpus_allowed:".count).filter(\.isHexDigit)
            let count = mask.reduce(0) { $0 + ($1.hexDigitValue ?? 0).nonzeroBitCount }
            return count > 0 ? count : nil
        }
        return nil
    }
}
