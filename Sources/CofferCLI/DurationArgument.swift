import ArgumentParser
import CofferClient

/// A duration flag's value as vault takes it: `90`, `90s`, `1h30m`, `768h`; whole seconds.
struct DurationArgument: ExpressibleByArgument, Equatable {
    /// The duration in whole seconds.
    let seconds: Int64

    /// The duration `argument` spells, or nil when it is not one.
    init?(argument: String) {
        guard let seconds = try? BoundedDuration(parsing: argument).seconds else { return nil }
        self.seconds = seconds
    }
}
