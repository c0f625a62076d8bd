/// The value of an HCL attribute or list element. Interpolations (`${...}`) stay in strings as written.
public indirect enum HCLValue: Sendable, Equatable {
    /// A quoted string or heredoc, escapes resolved.
    case string(String)
    /// An integer literal: decimal, `0x` hexadecimal, or `0`-prefixed octal.
    case int(Int64)
    /// A literal with a fraction or an exponent.
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// A bracketed list, `[a, b]`.
    case list([HCLValue])
    /// A braced object, `{ key = value }`; it may hold blocks as well as attributes.
    case object(HCLBody)

    /// The string when this is a string, else nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer when this is an integer, else nil.
    public var intValue: Int64? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The number when this is an integer or a double, else nil.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// The boolean when this is a boolean, else nil.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements when this is a list, else nil.
    public var listValue: [HCLValue]? {
        if case .list(let elements) = self { return elements }
        return nil
    }

    /// The body when this is an object, else nil.
    public var objectValue: HCLBody? {
        if case .object(let body) = self { return body }
        return nil
    }
}
