import Core

extension PortableMath {
    private static let inverseSqrt2Pi = 0.398_942_280_401_432_7

    /// The standard normal density φ(x), with the portable ``exp(_:)``.
    static func normalDensity(_ x: Double) -> Double {
        inverseSqrt2Pi * exp(-0.5 * x * x)
    }

    /// The standard normal distribution function Φ(x), portable: for x ≥ 0,
    /// Φ(x) = ½ + φ(x)·Σₙ x²ⁿ⁺¹/(1·3·…·(2n+1)) (Abramowitz & Stegun 26.2.11), and Φ(−x) = 1 − Φ(x).
    /// Arguments are clamped to ±10 (where Φ is 0 or 1 to double precision for the unit-cube
    /// warping that uses it). Absolute error a few ulps of 1.
    static func normalCDF(_ x: Double) -> Double {
        if x.isNaN { return x }
        let a = min(abs(x), 10)
        var term = a
        var sum = a
        var n = 1.0
        let a2 = a * a
        while n < 400 {
            term *= a2 / (2 * n + 1)
            sum += term
            if term < 1e-17 * sum { break }
            n += 1
        }
        let upper = 0.5 + normalDensity(a) * sum
        return x >= 0 ? min(upper, 1) : max(1 - upper, 0)
    }

    /// The standard normal quantile Φ⁻¹(p) for p in (0, 1), portable: the rational start of
    /// Abramowitz & Stegun 26.2.23 (error < 4.5e-4) polished by Newton steps on ``normalCDF(_:)``.
    static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normalQuantile needs p in (0, 1)")
        let tail = min(p, 1 - p)
        let t = (-2 * log(tail)).squareRoot()
        let start =
            t - (2.515_517 + 0.802_853 * t + 0.010_328 * t * t)
            / (1 + 1.432_788 * t + 0.189_269 * t * t + 0.001_308 * t * t * t)
        var x = p < 0.5 ? -start : start
        for _ in 0..<6 {
            let density = normalDensity(x)
            guard density > 0 else { break }
            let step = (normalCDF(x) - p) / density
            x -= step
            if abs(step) < 1e-15 * max(1, abs(x)) { break }
        }
        return x
    }
}
