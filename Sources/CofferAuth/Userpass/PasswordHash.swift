import CofferAPI
import CofferCore
import Crypto
import Dispatch
import Foundation
import _CryptoExtras

/// A password kept as scrypt of the password and a random salt; the password itself is never
/// stored. Hashing runs on a Dispatch worker, so the tens of milliseconds it takes on purpose do
/// not stall the event loop that serves other requests.
struct PasswordHash: Sendable, Equatable {
    let salt: [UInt8]
    let hash: [UInt8]
    /// scrypt's cost (N), block size (r) and parallelism (p).
    let cost: Int
    let blockSize: Int
    let parallelism: Int

    static let defaultCost = 16_384
    static let outputLength = 32

    /// A fresh hash of `password` with a new salt.
    static func make(_ password: String) async throws -> PasswordHash {
        let salt = SecureRandom.bytes(16)
        let hash = try await derive(password, salt: salt, cost: defaultCost, blockSize: 8, parallelism: 1)
        return PasswordHash(salt: salt, hash: hash, cost: defaultCost, blockSize: 8, parallelism: 1)
    }

    /// Whether `password` is the one hashed, compared in constant time.
    func matches(_ password: String) async throws -> Bool {
        let candidate = try await Self.derive(
            password, salt: salt, cost: cost, blockSize: blockSize, parallelism: parallelism)
        guard candidate.count == hash.count else { return false }
        return zip(candidate, hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func derive(_ password: String, salt: [UInt8], cost: Int, blockSize: Int, parallelism: Int)
        async throws -> [UInt8]
    {
        try await HashingGate.shared.run { try await hashed(password, salt: salt, cost: cost, blockSize: blockSize, parallelism: parallelism) }
    }

    private static func hashed(_ password: String, salt: [UInt8], cost: Int, blockSize: Int, parallelism: Int)
        async throws -> [UInt8]
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(
                    with: Result {
                        let key = try KDF.Scrypt.deriveKey(
                            from: Array(password.utf8), salt: salt, outputByteCount: outputLength, rounds: cost,
                            blockSize: blockSize, parallelism: parallelism)
                        return key.withUnsafeBytes { [UInt8]($0) }
                    })
            }
        }
    }

    var record: JSONValue {
        [
            "scrypt_salt": .string(Data(salt).base64EncodedString()),
            "scrypt_hash": .string(Data(hash).base64EncodedString()),
            "scrypt_n": .int(Int64(cost)), "scrypt_r": .int(Int64(blockSize)), "scrypt_p": .int(Int64(parallelism)),
        ]
    }

    init?(record: JSONValue?) {
        guard let record = record?.objectValue,
            let salt = record["scrypt_salt"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
            let hash = record["scrypt_hash"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
            let cost = record["scrypt_n"]?.intValue, let blockSize = record["scrypt_r"]?.intValue,
            let parallelism = record["scrypt_p"]?.intValue
        else { return nil }
        self.init(
            salt: [UInt8](salt), hash: [UInt8](hash), cost: Int(cost), blockSize: Int(blockSize),
            parallelism: Int(parallelism))
    }

    init(salt: [UInt8], hash: [UInt8], cost: Int, blockSize: Int, parallelism: Int) {
        self.salt = salt
        self.hash = hash
        self.cost = cost
        self.blockSize = blockSize
        self.parallelism = parallelism
    }
}
