/// `exp` and `log` in plain IEEE arithmetic, so seeded log-uniform and log-normal draws give
/// the same bits on every platform and libm (the same reason ``SeededGenerator`` has its own
/// float conversions). Accurate to a few ulps.
public enum PortableMath {
    private static let ln2Hi = 6.931_471_803_691_238_164_90e-01
    private static let ln2Lo = 1.908_214_929_270_587_700_02e-10
    private static let ln2 = 0.693_147_180_559_945_3

    /// e^x: x = k·ln2 + r with |r| ≤ ln2/2 (Cody–Waite), a Taylor series for e^r, then scaling by 2^k.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.79 { return .infinity }
        if x < -745.2 { return 0 }
        let k = (x / ln2).rounded(.toNearestOrEven)
        let r = (x - k * ln2Hi) - k * ln2Lo
        var term = 1.0
        var sum = 1.0
        var n = 1.0
        while n < 30 {
            term *= r / n
            sum += term
            if abs(term) < 1e-17 * sum { break }
            n += 1
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// ln x for positive finite x: x = m·2^e with m in [√½, √2), then 2·atanh((m−1)/(m+1)) as a series.
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log needs a positive finite argument")
        var e = Double(x.exponent)
        var m = x.significand  // [1, 2)
        if m > 1.414_213_562_373_095_1 {
            m /= 2
            e += 1
        }
        let y = (m - 1) / (m + 1)
        let y2 = y * y
        var term = y
        var sum = 0.0
        var k = 1.0
        while k < 99 {
            let add = term / k
            sum += add
            if abs(add) <= 1e-17 * abs(sum) { break }
            term *= y2
            k += 2
        }
        return (2 * sum + e * ln2Lo) + e * ln2Hi
    }
}
