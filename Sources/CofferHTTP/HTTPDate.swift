import Foundation
import Synchronization

/// The `Date` header's value (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), formatted
/// at most once per second and shared by every connection.
final class HTTPDate: Sendable {
    static let shared = HTTPDate()

    private struct Cache {
        let formatter: DateFormatter
        var second = Int.min
        var text = ""
    }

    private let cache: Mutex<Cache>

    private init() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        cache = Mutex(Cache(formatter: formatter))
    }

    /// The current time as an IMF-fixdate.
    func now() -> String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970)
        return cache.withLock { cache in
            if cache.second != second {
                cache.second = second
                cache.text = cache.formatter.string(from: now)
            }
            return cache.text
        }
    }
}
