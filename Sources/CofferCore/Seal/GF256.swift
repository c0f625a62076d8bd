/// Arithmetic in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (the AES field, as Vault's Shamir uses),
/// without table lookups or branches on the operands, so timing does not depend on secret bytes.
enum GF256 {
    /// The product of `a` and `b`.
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a
        var b = b
        var product: UInt8 = 0
        for _ in 0..<8 {
            product ^= a & (0 &- (b & 1))
            let carry = 0 &- (a >> 7)
            a = (a << 1) ^ (0x1B & carry)
            b >>= 1
        }
        return product
    }

    /// The multiplicative inverse of `a` (a^254); zero for zero.
    static func inverse(_ a: UInt8) -> UInt8 {
        var result: UInt8 = 1
        var power = a
        for _ in 1...7 {
            power = multiply(power, power)
            result = multiply(result, power)
        }
        return result
    }

    /// The polynomial with `coefficients` (constant term first) evaluated at `x`.
    static func evaluate(_ coefficients: [UInt8], at x: UInt8) -> UInt8 {
        var result: UInt8 = 0
        for coefficient in coefficients.reversed() {
            result = multiply(result, x) ^ coefficient
        }
        return result
    }

    /// The Lagrange basis weight of point `index` among `xs`, evaluated at x = 0.
    ///
    /// `xs` must be distinct and nonzero.
    static func weightAtZero(of index: Int, among xs: [UInt8]) -> UInt8 {
        var numerator: UInt8 = 1
        var denominator: UInt8 = 1
        for (other, x) in xs.enumerated() where other != index {
            numerator = multiply(numerator, x)
            denominator = multiply(denominator, x ^ xs[index])
        }
        return multiply(numerator, inverse(denominator))
    }
}
