#if os(Linux)
    import CMalloc
#endif

/// When the server's heap gives freed memory back to the kernel.
///
/// glibc returns the free top of a thread's heap as soon as it exceeds 128 KiB. The buffers of a
/// request rise and fall across that line, so under load the event loop's heap was trimmed
/// (`madvise`) every few dozen requests and faulted back in a page at a time: 1.6 page faults per
/// `sys/health` request. Trimming only past a few MiB keeps that memory mapped.
public enum HeapTrimming {
    /// The free space at the top of a heap that is kept rather than returned.
    public static let threshold: Int32 = 4 << 20

    /// Raises glibc's trim threshold to `threshold`; call before the server starts.
    public static func raiseThreshold() {
        #if os(Linux)
            _ = mallopt(M_TRIM_THRESHOLD, threshold)
        #endif
    }
}
