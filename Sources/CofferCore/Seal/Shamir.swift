/// Shamir's secret sharing over GF(256), in Vault's share layout: each share is the secret's
/// length in y values followed by one x coordinate (distinct, random, in 1...255).
///
/// Shares from Vault or OpenBao combine here, and these combine there.
public enum Shamir {
    /// The most shares one split can make: one per nonzero x coordinate.
    public static let maximumShares = 255

    /// Checks a share count and threshold as Vault's `sys/init` does, in the same order.
    ///
    /// The messages are Vault's; its `sys/init` prefixes them with "invalid seal configuration: ".
    public static func validate(shares: Int, threshold: Int) throws(SealError) {
        let problem: String? =
            if shares < 1 {
                "shares must be at least one"
            } else if threshold < 1 {
                "threshold must be at least one"
            } else if shares > maximumShares {
                "shares must be less than 256"
            } else if threshold > maximumShares {
                "threshold must be less than 256"
            } else if threshold > shares {
                "threshold cannot be larger than shares"
            } else if shares > 1 && threshold == 1 {
                "threshold must be greater than one for multiple shares"
            } else {
                nil
            }
        if let problem { throw SealError(.invalidShareConfiguration, problem) }
    }

    /// Splits `secret` into `shares` shares of which any `threshold` recover it and fewer reveal nothing.
    ///
    /// With one share (and so a threshold of one) the single share is the secret itself, as Vault
    /// hands out the unseal key unsplit. Randomness comes from the system CSPRNG.
    public static func split(_ secret: [UInt8], shares: Int, threshold: Int) throws(SealError) -> [[UInt8]] {
        try validate(shares: shares, threshold: threshold)
        guard !secret.isEmpty else {
            throw SealError(.invalidShareConfiguration, "cannot split an empty secret")
        }
        if shares == 1 { return [secret] }

        var generator = SystemRandomNumberGenerator()
        var coordinates = [UInt8](1...UInt8(maximumShares))
        coordinates.shuffle(using: &generator)
        coordinates.removeLast(maximumShares - shares)

        var result = coordinates.map { x in [UInt8](repeating: 0, count: secret.count) + [x] }
        var coefficients = [UInt8](repeating: 0, count: threshold)
        for (position, byte) in secret.enumerated() {
            coefficients[0] = byte
            for degree in 1..<threshold {
                coefficients[degree] = generator.next()
            }
            for (share, x) in coordinates.enumerated() {
                result[share][position] = GF256.evaluate(coefficients, at: x)
            }
        }
        return result
    }

    /// Recovers a secret from shares of one split.
    ///
    /// Fails on fewer than two shares, different lengths, a zero or repeated x coordinate. Shares
    /// that are too few or from different splits give wrong bytes, not an error: the key they
    /// open (the barrier's keyring) is what detects that.
    public static func combine(_ shares: [[UInt8]]) throws(SealError) -> [UInt8] {
        guard shares.count >= 2 else {
            throw SealError(.invalidShares, "less than two shares cannot be used to reconstruct the secret")
        }
        let length = shares[0].count
        guard length >= 2 else {
            throw SealError(.invalidShares, "shares must be at least two bytes")
        }
        guard shares.allSatisfy({ $0.count == length }) else {
            throw SealError(.invalidShares, "all shares must be the same length")
        }
        let coordinates = shares.map { $0[length - 1] }
        guard !coordinates.contains(0) else {
            throw SealError(.invalidShares, "a share has the invalid x coordinate zero")
        }
        guard Set(coordinates).count == coordinates.count else {
            throw SealError(.invalidShares, "duplicate share detected")
        }

        var secret = [UInt8](repeating: 0, count: length - 1)
        for (index, share) in shares.enumerated() {
            let weight = GF256.weightAtZero(of: index, among: coordinates)
            for position in secret.indices {
                secret[position] ^= GF256.multiply(share[position], weight)
            }
        }
        return secret
    }
}
