/// How the unseal key is split; stored in plain text beside the barrier (it holds no secret).
struct SealConfig: Codable, Sendable, Equatable {
    var type: String
    var secretShares: Int
    var secretThreshold: Int

    static let storageKey = "seal/config"
}

/// What `sys/init` hands out, exactly once.
public struct InitResult: Sendable {
    /// The unseal key shares (hex on the wire as `keys`, base64 as `keys_base64`).
    public let shares: [[UInt8]]
    public let rootToken: String
}

/// A snapshot of `sys/seal-status`.
public struct SealStatus: Sendable, Equatable {
    public let initialized: Bool
    public let sealed: Bool
    public let threshold: Int
    public let shares: Int
    public let progress: Int
    public let nonce: String
}
