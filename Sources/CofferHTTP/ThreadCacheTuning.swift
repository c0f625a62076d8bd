import Foundation

#if os(Linux)
    import CMalloc
#endif

/// How many freed blocks of each size an event-loop thread keeps for its next allocations.
///
/// glibc keeps 7 blocks per size in a thread's cache. The 32 requests an event loop answers at
/// once free more than that; the rest go back to the shared bins, and once long-lived records
/// (tokens, leases) are scattered through the heap, `malloc` searches those bins on every request:
/// transit encrypt fell from 19,000 to 13,000 rps after 240,000 tokens were made. With 64 per size
/// it stayed at 19,000.
///
/// glibc reads that count only from the `GLIBC_TUNABLES` environment variable when a process
/// starts (there is no `mallopt` for it), so the server starts itself once more with it set.
public enum ThreadCacheTuning {
    /// The glibc tunable that sets the per-thread cache's blocks per size.
    public static let tunable = "glibc.malloc.tcache_count"
    /// The blocks per size the server keeps.
    public static let blocksPerSize = 64
    /// Set in the restarted process, so it never restarts again: in secure-execution mode (file
    /// capabilities, setuid) glibc drops `GLIBC_TUNABLES`, and the tunable alone would not tell.
    static let restartedMarker = "COFFER_THREAD_CACHE_RESTARTED"

    /// Replaces this process (same PID, same arguments, same program file, so `ps` still shows
    /// `coffer`) with one started with the cache set, unless `GLIBC_TUNABLES` already names it
    /// or this process is the restarted one. Call first, before any work.
    /// Returns where the process cannot be replaced (no `/proc`, the program file gone, not
    /// Linux); the server then runs with glibc's default.
    public static func restartWithLargerCache() {
        #if os(Linux)
            guard getauxval(UInt(AT_SECURE)) == 0, getenv(restartedMarker) == nil else { return }
            let variable = "GLIBC_TUNABLES"
            let current = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
            if let current, current.contains(tunable) { return }
            guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            else { return }
            let setting = "\(tunable)=\(blocksPerSize)"
            setenv(variable, current.map { "\($0):\(setting)" } ?? setting, 1)
            setenv(restartedMarker, "1", 1)
            execv(executable, CommandLine.unsafeArgv)
            if let current { setenv(variable, current, 1) } else { unsetenv(variable) }
            unsetenv(restartedMarker)
        #endif
    }
}
