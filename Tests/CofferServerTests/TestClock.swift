import Foundation
import Synchronization

import CofferCore

/// A clock the test moves by hand, so TTLs are tested without sleeping.
final class TestClock: Sendable {
    private let seconds: Mutex<Int64>

    init(start: Int64 = Int64(Date().timeIntervalSince1970)) {
        seconds = Mutex(start)
    }

    var now: Int64 { seconds.withLock { $0 } }

    func advance(by delta: Int64) {
        seconds.withLock { $0 += delta }
    }
}

/// A nanosecond wall clock that only moves when told.
final class ManualClock: Sendable {
    private let nanoseconds = Mutex<Int64>(1_795_318_812_123_456_789)

    var now: Timestamp { Timestamp(nanoseconds: nanoseconds.withLock { $0 }) }

    func advance(seconds: Int64) {
        nanoseconds.withLock { $0 += seconds * 1_000_000_000 }
    }
}
