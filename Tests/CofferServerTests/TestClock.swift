import Foundation
import Synchronization

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
