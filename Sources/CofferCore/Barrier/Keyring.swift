import Crypto
import Foundation

/// The barrier's data keys by term: the newest term encrypts, every term decrypts.
struct Keyring: Sendable {
    /// One data key and when it became active. Sendable by hand: `SymmetricKey` is never mutated once made.
    struct Term: @unchecked Sendable {
        let key: SymmetricKey
        let installTime: Date
    }

    /// Every term ever installed.
    private(set) var terms: [UInt32: Term]
    /// The term new values are encrypted under.
    private(set) var activeTerm: UInt32

    /// A keyring with term 1 holding a fresh random key.
    init(installTime: Date) {
        terms = [1: Term(key: SymmetricKey(size: .bits256), installTime: installTime)]
        activeTerm = 1
    }

    /// The active term's key and install time.
    var active: Term { terms[activeTerm]! }

    /// This keyring plus a new active term with a fresh random key.
    func rotated(installTime: Date) -> Keyring {
        var next = self
        next.activeTerm = activeTerm + 1
        next.terms[next.activeTerm] = Term(key: SymmetricKey(size: .bits256), installTime: installTime)
        return next
    }
}

extension Keyring {
    private struct Stored: Codable {
        var activeTerm: UInt32
        var terms: [StoredTerm]
    }

    private struct StoredTerm: Codable {
        var term: UInt32
        var key: Data
        var installTime: Date
    }

    /// The keyring as bytes, to be encrypted under the root key.
    func serialized() throws(StorageError) -> [UInt8] {
        let stored = Stored(
            activeTerm: activeTerm,
            terms: terms.sorted { $0.key < $1.key }.map { term, entry in
                StoredTerm(term: term, key: entry.key.withUnsafeBytes { Data($0) }, installTime: entry.installTime)
            })
        do {
            return Array(try JSONEncoder().encode(stored))
        } catch {
            throw StorageError(.unavailable, "the keyring could not be encoded")
        }
    }

    /// The keyring in `bytes`, or nil when they are malformed: a key not 256 bits, a repeated
    /// or zero term, or an active term that is missing.
    init?(serialized bytes: [UInt8]) {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(bytes)) else { return nil }
        var terms: [UInt32: Term] = [:]
        for entry in stored.terms {
            guard entry.term > 0, entry.key.count == 32, terms[entry.term] == nil else { return nil }
            terms[entry.term] = Term(key: SymmetricKey(data: entry.key), installTime: entry.installTime)
        }
        guard terms[stored.activeTerm] != nil else { return nil }
        self.terms = terms
        self.activeTerm = stored.activeTerm
    }
}
