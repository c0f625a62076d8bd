/// How much a JSON document may cost, counted while it is read, as the reference counts a
/// request body's: each value's estimated memory (a fixed size per kind, plus a string's bytes)
/// and the number of strings, object keys included.
///
/// A document past either limit is refused at the value that crosses it, before the rest is read.
public struct JSONComplexityLimits: Sendable, Equatable {
    /// `max_request_json_memory`: the estimated bytes the parsed document may take.
    public var maximumMemory: Int
    /// `max_request_json_strings`: how many strings, object keys included, the document may hold.
    public var maximumStrings: Int

    /// The reference's defaults for request bodies: 32 MiB + 512 KiB of memory, 1000 strings.
    public static let requestBody = JSONComplexityLimits(maximumMemory: 32 * 1024 * 1024 + 512 * 1024, maximumStrings: 1000)

    /// No limit: for trusted text (stored records, configuration, answers).
    public static let unlimited = JSONComplexityLimits(maximumMemory: .max, maximumStrings: .max)

    public init(maximumMemory: Int, maximumStrings: Int) {
        self.maximumMemory = maximumMemory
        self.maximumStrings = maximumStrings
    }

    /// Estimated bytes of one value of each kind: a pointer and a type word, plus the kind's own.
    enum Cost {
        static let null = 16 + 1
        static let bool = 16 + 1
        static let number = 16 + 8
        /// Plus the string's UTF-8 bytes.
        static let string = 16 + 16
        static let array = 16 + 24
        static let object = 16 + 72
    }
}
