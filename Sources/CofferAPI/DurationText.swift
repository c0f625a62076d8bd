/// Vault's duration syntax: `"90"`, `"90s"`, `"1h30m"`, `"768h"`; `BoundedDuration` parses it.
public enum DurationText {
    /// Seconds in a sequence of number+unit (`1h30m`, `1.5h`, `1500ms`), or nil when `text` is not
    /// one. Read byte by byte: every accepted character is ASCII but `µ`. The sum may exceed any
    /// bound; `BoundedDuration` checks it.
    static func unitSum(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        var total = 0.0
        var index = 0
        while index < bytes.count {
            let numberStart = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) || bytes[index] == UInt8(ascii: ".") {
                index += 1
            }
            let unitStart = index
            while index < bytes.count, isUnitByte(bytes[index]) { index += 1 }
            guard unitStart > numberStart,
                let value = Double(String(decoding: bytes[numberStart..<unitStart], as: UTF8.self)),
                let factor = unitSeconds(bytes[unitStart..<index])
            else { return nil }
            total += value * factor
        }
        return total.isFinite ? total : nil
    }

    /// Go's `time.Duration` text for whole seconds, as Vault prints TTLs: `768h0m0s`, `1m30s`, `0s`.
    public static func format(seconds: Int64) -> String {
        if seconds == 0 { return "0s" }
        let hours = seconds / 3600
        let minutes = (seconds % 3600) / 60
        let secs = seconds % 60
        if hours > 0 { return "\(hours)h\(minutes)m\(secs)s" }
        if minutes > 0 { return "\(minutes)m\(secs)s" }
        return "\(secs)s"
    }

    /// ASCII letters and the two bytes of `µ` (U+00B5), which only a unit may hold.
    private static func isUnitByte(_ byte: UInt8) -> Bool {
        (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte) || byte == 0xc2 || byte == 0xb5
    }

    private static func unitSeconds(_ unit: ArraySlice<UInt8>) -> Double? {
        switch String(decoding: unit, as: UTF8.self) {
        case "ns": return 1e-9
        case "us", "µs": return 1e-6
        case "ms": return 1e-3
        case "s": return 1
        case "m": return 60
        case "h": return 3600
        case "d": return 86400
        default: return nil
        }
    }
}
