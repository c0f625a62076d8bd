/// The one form of a request path that routing, authorization and handlers see.
///
/// A path arrives percent-encoded after `/v1/`. It is resolved once, at the edge:
/// - a raw path with empty (`//`), `.` or `..` segments is not served; the client is sent to
///   the cleaned path (`redirect`), as Vault's listener does;
/// - the rest is percent-decoded once; a decoded `.` or `..` segment, an empty segment (from
///   `%2F%2F`), a control character or a malformed escape is refused (`refused`);
/// - what remains has no empty segment except one trailing slash, which is kept: `a/b/` names
///   something else than `a/b`, for routing and for the ACL alike.
public enum RequestPath {
    /// What becomes of a raw request path.
    public enum Resolution: Equatable, Sendable {
        /// The canonical path, without its leading slash.
        case canonical(String)
        /// The raw path is not clean; this is the cleaned one (still encoded, with its leading slash).
        case redirect(String)
        /// The path cannot be served; the message says why.
        case refused(String)
    }

    public static let relativePathRefusal = "relative paths not supported"
    public static let trailingSlashWriteRefusal = "cannot write to a path ending in '/'"

    /// Resolves `raw`, the percent-encoded path below the API prefix, with its leading slash
    /// (`/secret/data/app`).
    public static func resolve(_ raw: Substring) -> Resolution {
        guard let decoded = percentDecoded(raw.utf8.dropFirst()) else {
            return .refused("invalid path: malformed percent-encoding")
        }
        let verdict = check(decoded)
        if verdict == .controlCharacter, let refusal = verdict.refusal { return .refused(refusal) }
        let cleaned = clean(raw)
        if cleaned != raw { return .redirect(String(cleaned)) }
        if let refusal = verdict.refusal { return .refused(refusal) }
        return .canonical(decoded)
    }

    /// Why a decoded path is not canonical, if it is not.
    public enum Check: Equatable, Sendable {
        case canonical
        case relativeSegment
        case emptySegment
        case controlCharacter

        /// The message a client gets for a path that is not canonical; nil for one that is.
        public var refusal: String? {
            switch self {
            case .canonical: nil
            case .relativeSegment: RequestPath.relativePathRefusal
            case .emptySegment: "invalid path: empty path segment"
            case .controlCharacter: "invalid path: control character"
            }
        }
    }

    /// Checks a decoded path (no leading slash): no control character, no `.` or `..` segment, no
    /// empty segment but a trailing one.
    public static func check(_ path: String) -> Check {
        if path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return .controlCharacter }
        return segments(of: Substring(path).utf8)
    }

    /// Whether the `/`-separated segments of `bytes` are all non-empty (but a last one) and none is
    /// `.` or `..`.
    private static func segments(of bytes: Substring.UTF8View) -> Check {
        var segmentLength = 0
        var dots = 0
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if segmentLength == 0 { return .emptySegment }
                if dots == segmentLength && dots <= 2 { return .relativeSegment }
                segmentLength = 0
                dots = 0
                continue
            }
            segmentLength += 1
            if byte == UInt8(ascii: ".") { dots += 1 }
        }
        if segmentLength > 0 && dots == segmentLength && dots <= 2 { return .relativeSegment }
        return .canonical
    }

    /// True for `/sys`, however encoded: `sys/` is served as a tree, so its bare name is sent into
    /// it, as Vault's listener does.
    private static func namesSystemTree(_ path: Substring) -> Bool {
        path.utf8.count <= "/%73%79%73".utf8.count && percentDecoded(path.utf8) == "/sys"
    }

    /// The raw path with empty, `.` and `..` segments resolved as a file path would be, keeping a
    /// trailing slash; the input itself when it is already clean.
    static func clean(_ raw: Substring) -> Substring {
        if isClean(raw) { return namesSystemTree(raw) ? raw + "/" : raw }
        var segments: [Substring] = []
        var changed = !raw.hasBytePrefix("/")
        let parts = raw.slashSeparated(omittingEmpty: false).dropFirst(raw.hasBytePrefix("/") ? 1 : 0)
        for (offset, part) in parts.enumerated() {
            let isLast = offset == parts.count - 1
            switch part {
            case "":
                if !isLast { changed = true }
            case ".":
                changed = true
            case "..":
                changed = true
                _ = segments.popLast()
            default:
                segments.append(part)
            }
        }
        let keepsSlash = raw.hasByteSuffix("/") && !segments.isEmpty
        let cleaned = changed ? Substring("/" + segments.joined(separator: "/") + (keepsSlash ? "/" : "")) : raw
        return namesSystemTree(cleaned) ? cleaned + "/" : cleaned
    }

    /// True when `raw` starts with `/` and has no empty segment but a last one, and no `.` or `..`
    /// segment: the common case, checked without splitting the path.
    private static func isClean(_ raw: Substring) -> Bool {
        raw.utf8.first == UInt8(ascii: "/") && segments(of: raw.utf8.dropFirst()) == .canonical
    }

    /// The bytes with `%XX` escapes decoded once, as UTF-8; nil for a malformed escape or text.
    static func percentDecoded(_ bytes: Substring.UTF8View.SubSequence) -> String? {
        guard bytes.contains(UInt8(ascii: "%")) else { return String(Substring(bytes)) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                output.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            output.append(high << 4 | low)
        }
        return String(validating: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
