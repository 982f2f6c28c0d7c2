/// The logarithm of expected improvement (Jones, Schonlau & Welch, "Efficient Global
/// Optimization of Expensive Black-Box Functions", J. Global Optim. 13, 1998) for minimisation,
/// computed so that it stays finite and smooth where EI itself underflows to 0 (Ament, Daulton,
/// Eriksson, Balandat & Bakshy, "Unexpected Improvements to Expected Improvement for Bayesian
/// Optimization", NeurIPS 2023, eq. 9):
///
///     EI(x) = σ h(z),  z = (best − μ)/σ,  h(z) = φ(z) + zΦ(z)
///     log h(z) = log(φ(z) + zΦ(z))                                        for z > −1
///              = −z²/2 − c₁ + log1mexp(log(erfcx(−z/√2)·|z|) + c₂)         for −1/√ε < z ≤ −1
///              = −z²/2 − c₁ − 2 log|z|                                    below
///
/// with c₁ = log(2π)/2, c₂ = log(π/2)/2 and erfcx(x) = e^(x²) erfc(x).
enum LogExpectedImprovement {
    private static let c1 = 0.918_938_533_204_672_8  // log(2π)/2
    private static let c2 = 0.225_791_352_644_727_4  // log(π/2)/2
    private static let inverseSqrt2 = 0.707_106_781_186_547_6
    private static let asymptoticBelow = -1 / Double.ulpOfOne.squareRoot()

    /// log EI at posterior mean `mean` and variance `variance`, improving on `best`.
    static func value(mean: Double, variance: Double, best: Double) -> Double {
        let sigma = max(variance, 1e-30).squareRoot()
        return LibM.log(sigma) + logH((best - mean) / sigma)
    }

    /// log EI and its derivatives with respect to the mean and the variance.
    static func valueAndDerivatives(mean: Double, variance: Double, best: Double)
        -> (value: Double, dMean: Double, dVariance: Double)
    {
        let v = max(variance, 1e-30)
        let sigma = v.squareRoot()
        let z = (best - mean) / sigma
        let lh = logH(z)
        let slope = dLogH(z, logH: lh)
        // d/dμ = slope·(−1/σ); d/dσ = 1/σ − slope·z/σ; dσ/dv = 1/(2σ).
        let dSigma = (1 - slope * z) / sigma
        return (LibM.log(sigma) + lh, -slope / sigma, dSigma / (2 * sigma))
    }

    /// log h(z).
    static func logH(_ z: Double) -> Double {
        if z > -1 {
            let cdf = 0.5 * LibM.erfc(-z * inverseSqrt2)
            let pdf = LibM.exp(-0.5 * z * z - c1)
            return LibM.log(pdf + z * cdf)
        }
        if z > asymptoticBelow {
            return -0.5 * z * z - c1 + log1mexp(LibM.log(erfcx(-z * inverseSqrt2) * abs(z)) + c2)
        }
        return -0.5 * z * z - c1 - 2 * LibM.log(abs(z))
    }

    /// d log h/dz = Φ(z)/h(z), from `logH` = log h(z).
    static func dLogH(_ z: Double, logH: Double) -> Double {
        if z > -1 {
            return 0.5 * LibM.erfc(-z * inverseSqrt2) / LibM.exp(logH)
        }
        if z > asymptoticBelow {
            // log Φ(z) = log(erfcx(−z/√2)/2) − z²/2.
            return LibM.exp(LibM.log(0.5 * erfcx(-z * inverseSqrt2)) - 0.5 * z * z - logH)
        }
        return -z
    }

    /// log(1 − eˣ) for x < 0 (Mächler, "Accurately Computing log(1 − exp(−|a|))", 2012).
    static func log1mexp(_ x: Double) -> Double {
        x > -0.693_147_180_559_945_3 ? LibM.log(-LibM.expm1(x)) : LibM.log1p(-LibM.exp(x))
    }

    /// The scaled complementary error function e^(x²) erfc(x) for x ≥ 0: directly below 5, and
    /// by its continued fraction 1/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) above.
    static func erfcx(_ x: Double) -> Double {
        if x < 5 { return LibM.exp(x * x) * LibM.erfc(x) }
        var t = x
        var k = 60.0
        while k >= 1 {
            t = x + (k / 2) / t
            k -= 1
        }
        return 0.564_189_583_547_756_3 / t
    }
}
