#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// Random bytes from the kernel's generator, fetched 256 at a time: one `getentropy` call serves
/// several nonces, token values and request IDs, where the standard library's generator makes one
/// system call per eight bytes. Bytes are wiped from the pool as they are handed out.
public enum SecureRandom {
    private static let pool = Mutex(Pool())

    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Overwrites every byte of `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        pool.withLock { $0.take(into: buffer) }
    }

    private struct Pool {
        /// The largest request `getentropy` serves in one call.
        static let size = 256
        var bytes = [UInt8](repeating: 0, count: size)
        var next = size

        mutating func take(into buffer: UnsafeMutableRawBufferPointer) {
            var filled = 0
            while filled < buffer.count {
                if next == Self.size { refill() }
                let count = min(buffer.count - filled, Self.size - next)
                bytes.withUnsafeMutableBytes { pool in
                    let source = UnsafeMutableRawBufferPointer(rebasing: pool[next..<next + count])
                    UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<filled + count]).copyMemory(
                        from: UnsafeRawBufferPointer(source))
                    source.initializeMemory(as: UInt8.self, repeating: 0)
                }
                next += count
                filled += count
            }
        }

        private mutating func refill() {
            let status = bytes.withUnsafeMutableBytes { getentropy($0.baseAddress, $0.count) }
            if status != 0 {
                var generator = SystemRandomNumberGenerator()
                bytes.withUnsafeMutableBytes { pool in
                    for offset in stride(from: 0, to: Self.size, by: 8) {
                        pool.storeBytes(of: generator.next() as UInt64, toByteOffset: offset, as: UInt64.self)
                    }
                }
            }
            next = 0
        }
    }
}
