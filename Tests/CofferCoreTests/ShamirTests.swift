import Testing

@testable import CofferCore

/// A share count and threshold to split with.
struct ShareConfiguration: Sendable, CustomTestStringConvertible {
    let shares: Int
    let threshold: Int

    var testDescription: String { "\(threshold) of \(shares)" }

    /// Every valid configuration with at most ten shares.
    static let upToTen: [ShareConfiguration] = (2...10).flatMap { shares in
        (2...shares).map { ShareConfiguration(shares: shares, threshold: $0) }
    }
}

@Suite struct ShamirTests {
    private static func randomSecret(_ count: Int = 32) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in generator.next() }
    }

    /// Every `size`-element subset of `0..<count`, as index lists.
    private static func subsets(of count: Int, size: Int) -> [[Int]] {
        guard size > 0 else { return [[]] }
        guard count >= size else { return [] }
        let without = subsets(of: count - 1, size: size)
        let with = subsets(of: count - 1, size: size - 1).map { $0 + [count - 1] }
        return without + with
    }

    private static func combineError(_ shares: [[UInt8]]) -> SealError? {
        do {
            _ = try Shamir.combine(shares)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ShareConfiguration.upToTen)
    func thresholdSubsetsRecoverTheSecret(_ configuration: ShareConfiguration) throws {
        let secret = Self.randomSecret()
        let shares = try Shamir.split(secret, shares: configuration.shares, threshold: configuration.threshold)

        #expect(shares.count == configuration.shares)
        #expect(shares.allSatisfy { $0.count == secret.count + 1 })
        let coordinates = shares.map { $0.last! }
        #expect(Set(coordinates).count == coordinates.count)
        #expect(!coordinates.contains(0))

        let every = Self.subsets(of: configuration.shares, size: configuration.threshold)
        let subsets = configuration.shares > 7 ? Array(every.shuffled().prefix(10)) : every
        for subset in subsets {
            #expect(try Shamir.combine(subset.map { shares[$0] }.shuffled()) == secret)
        }
        #expect(try Shamir.combine(shares.shuffled()) == secret)
    }

    @Test(arguments: ShareConfiguration.upToTen)
    func fewerThanThresholdDoNotRecoverTheSecret(_ configuration: ShareConfiguration) throws {
        let secret = Self.randomSecret()
        let shares = try Shamir.split(secret, shares: configuration.shares, threshold: configuration.threshold)
        let short = Array(shares.shuffled().prefix(configuration.threshold - 1))
        if short.count < 2 {
            #expect(Self.combineError(short)?.code == .invalidShares)
        } else {
            #expect(try Shamir.combine(short) != secret)
        }
    }

    @Test func oneShareIsTheSecretItself() throws {
        let secret = Self.randomSecret()
        #expect(try Shamir.split(secret, shares: 1, threshold: 1) == [secret])
    }

    @Test(arguments: 2...10)
    func thresholdOneWithSeveralSharesIsRejected(_ shares: Int) {
        #expect(throws: SealError(.invalidShareConfiguration, "threshold must be greater than one for multiple shares"))
        {
            try Shamir.split(Self.randomSecret(), shares: shares, threshold: 1)
        }
    }

    /// The messages and their precedence are those OpenBao 2.7.2 answers to `sys/init`.
    @Test(arguments: [
        (0, 0, "shares must be at least one"),
        (-1, 1, "shares must be at least one"),
        (0, 5, "shares must be at least one"),
        (3, 0, "threshold must be at least one"),
        (300, 0, "threshold must be at least one"),
        (256, 2, "shares must be less than 256"),
        (256, 256, "shares must be less than 256"),
        (1, 300, "threshold must be less than 256"),
        (5, 300, "threshold must be less than 256"),
        (1, 2, "threshold cannot be larger than shares"),
        (2, 3, "threshold cannot be larger than shares"),
        (3, 1, "threshold must be greater than one for multiple shares"),
    ])
    func badConfigurationsAreRejected(_ shares: Int, _ threshold: Int, _ message: String) {
        #expect(throws: SealError(.invalidShareConfiguration, message)) {
            try Shamir.split(Self.randomSecret(), shares: shares, threshold: threshold)
        }
    }

    @Test func emptySecretIsRejected() {
        #expect(throws: SealError(.invalidShareConfiguration, "cannot split an empty secret")) {
            try Shamir.split([], shares: 3, threshold: 2)
        }
    }

    @Test func mostSharesUseEveryCoordinate() throws {
        let secret = Self.randomSecret()
        let shares = try Shamir.split(secret, shares: 255, threshold: 255)
        #expect(Set(shares.map { $0.last! }) == Set(1...255))
        #expect(try Shamir.combine(shares) == secret)
        #expect(try Shamir.combine(Array(shares.dropLast())) != secret)
    }

    @Test func splitsAreRandomized() throws {
        let secret = Self.randomSecret()
        let first = try Shamir.split(secret, shares: 5, threshold: 3)
        let second = try Shamir.split(secret, shares: 5, threshold: 3)
        #expect(first != second)
    }

    @Test func malformedShareSetsAreRejected() throws {
        let shares = try Shamir.split(Self.randomSecret(), shares: 3, threshold: 2)
        var sameCoordinate = shares[1]
        sameCoordinate[sameCoordinate.count - 1] = shares[0].last!
        var zeroCoordinate = shares[1]
        zeroCoordinate[zeroCoordinate.count - 1] = 0

        let cases: [([[UInt8]], String)] = [
            ([], "less than two shares cannot be used to reconstruct the secret"),
            ([shares[0]], "less than two shares cannot be used to reconstruct the secret"),
            ([[1], [2]], "shares must be at least two bytes"),
            ([shares[0], Array(shares[1].dropFirst())], "all shares must be the same length"),
            ([shares[0], shares[0]], "duplicate share detected"),
            ([shares[0], sameCoordinate], "duplicate share detected"),
            ([shares[0], zeroCoordinate], "a share has the invalid x coordinate zero"),
        ]
        for (set, message) in cases {
            #expect(Self.combineError(set) == SealError(.invalidShares, message))
        }
    }

    /// Unseal key shares from a throwaway OpenBao 2.7.2 (`sys/init`, 3 shares, threshold 2, in-memory
    /// storage, since discarded). Every pair must give the same key, which holds only if the field
    /// and the share layout match Vault's.
    @Test func sharesFromOpenBaoCombineConsistently() throws {
        let shares = [
            "8d548a8a9107e9efb5bf8fa12644fbe5d46c79703afae2f6b2ad3276167b0d823b",
            "1f0d40809ca641fc1b0b005cdc41e33ce787ec525ab21347860967d60606df7156",
            "038f905ab7e708a2edabbbf2832c29b2ba1a01cd5ff2d88a2a2580d98aa4c52678",
        ].map(Self.bytes(hex:))
        let key = try Shamir.combine([shares[0], shares[1]])
        #expect(key.count == 32)
        #expect(try Shamir.combine([shares[0], shares[2]]) == key)
        #expect(try Shamir.combine([shares[2], shares[1]]) == key)
        #expect(try Shamir.combine(shares) == key)
    }

    private static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    @Test func fieldArithmeticMatchesAES() {
        #expect(GF256.multiply(0x57, 0x83) == 0xC1)
        #expect(GF256.multiply(0x53, 0xCA) == 0x01)
        #expect(GF256.inverse(0) == 0)
        for a in UInt8(1)...255 {
            #expect(GF256.multiply(a, GF256.inverse(a)) == 1)
        }
    }
}
