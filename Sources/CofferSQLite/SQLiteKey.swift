import CofferCore

/// Key rules and byte-order arithmetic shared by the SQLite queries.
///
/// SQLite's default `BINARY` collation compares the UTF-8 bytes of `TEXT`, so every comparison
/// here is on `utf8` as well: Swift's `String` operators compare canonical equivalence instead.
enum SQLiteKey {
    /// Rejects a key the storage contract does not allow: empty, or containing NUL.
    static func validate(_ key: String) throws(StorageError) {
        guard !key.isEmpty else { throw StorageError(.invalidArgument, "storage key must not be empty") }
        guard !key.utf8.contains(0) else { throw StorageError(.invalidArgument, "storage key must not contain NUL") }
    }

    /// The least string above every string that starts with `prefix`, or nil when none exists.
    ///
    /// Keys starting with `prefix` are exactly those in `prefix ..< upperBound(ofPrefix: prefix)`.
    static func upperBound(ofPrefix prefix: String) -> String? {
        if let last = prefix.utf8.last, last < 0x7F {
            var bytes = Array(prefix.utf8)
            bytes[bytes.count - 1] = last + 1
            return String(decoding: bytes, as: UTF8.self)
        }
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            let next = last.value == 0xD7FF ? 0xE000 : last.value + 1
            if let successor = Unicode.Scalar(next) {
                var bound = String.UnicodeScalarView()
                bound.append(contentsOf: scalars)
                bound.append(successor)
                return String(bound)
            }
        }
        return nil
    }

    /// The immediate child of `prefix` that `key` lies in: a leaf name, or a folder name ending in `/`.
    ///
    /// Nil when `key` does not start with `prefix` or equals it.
    static func child(of key: String, under prefix: String) -> String? {
        guard key.utf8.starts(with: prefix.utf8) else { return nil }
        let rest = Substring(key.utf8.dropFirst(prefix.utf8.count))
        guard !rest.isEmpty else { return nil }
        guard let slash = rest.utf8.firstIndex(of: UInt8(ascii: "/")) else { return String(rest) }
        return String(Substring(rest.utf8[...slash]))
    }

    /// The least key that a listing of `prefix` still has to visit after `key`.
    ///
    /// After a key inside a folder, that is the first key past the whole folder, so a listing
    /// reads one page per folder at most, never the folder's contents.
    static func resumeListing(after key: String, under prefix: String) -> String {
        guard let child = child(of: key, under: prefix), child.utf8.last == UInt8(ascii: "/") else {
            return key + "\u{0}"
        }
        return prefix + String(decoding: child.utf8.dropLast(), as: UTF8.self) + "0"
    }

    /// Whether two keys have the same bytes.
    static func same(_ lhs: String, _ rhs: String?) -> Bool {
        guard let rhs else { return false }
        return lhs.utf8.elementsEqual(rhs.utf8)
    }
}
