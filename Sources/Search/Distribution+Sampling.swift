public import Core

extension Distribution {
    /// One draw, consuming randomness only from `rng` (constants draw nothing).
    ///
    /// Integers come back as `.int`, reals as `.double`. The quantised forms round as W&B does,
    /// `round(x / q) · q` with ties to even (so a draw may land just outside `[min, max]`), and
    /// give `.int` when ``producesIntegers`` (an integer `q`, and integer bounds for the bounded
    /// forms; W&B decides from `q` alone). Log-uniform and log-normal draws use a portable
    /// `exp`/`log`, so a seed gives the same configs on every platform.
    public func sample(using rng: inout SeededGenerator) -> ParameterValue {
        switch self {
        case .constant(let v):
            return v
        case .categorical(let values, let probabilities):
            return values[Self.pickIndex(count: values.count, probabilities: probabilities, using: &rng)]
        case .intUniform(let lo, let hi):
            return .int(lo + rng.nextIndex(below: hi - lo + 1))
        case .uniform(let lo, let hi):
            return .double(lo + (hi - lo) * rng.nextUnit())
        case .qUniform(let lo, let hi, let q, let integral):
            return Self.quantise(lo + (hi - lo) * rng.nextUnit(), q: q, integral: integral)
        case .logUniformValues(let lo, let hi):
            return .double(Self.logUniform(lo, hi, rng.nextUnit()))
        case .qLogUniformValues(let lo, let hi, let q, let integral):
            return Self.quantise(Self.logUniform(lo, hi, rng.nextUnit()), q: q, integral: integral)
        case .invLogUniformValues(let lo, let hi):
            // W&B: exp(−u) with u uniform on [log(1/max), log(1/min)], drawn at 1 − x.
            let a = -PortableMath.log(hi)
            let b = -PortableMath.log(lo)
            return .double(PortableMath.exp(-(a + (b - a) * (1 - rng.nextUnit()))))
        case .normal(let mu, let sigma):
            return .double(mu + sigma * rng.nextNormal())
        case .qNormal(let mu, let sigma, let q, let integral):
            return Self.quantise(mu + sigma * rng.nextNormal(), q: q, integral: integral)
        case .logNormal(let mu, let sigma):
            return .double(PortableMath.exp(mu + sigma * rng.nextNormal()))
        case .qLogNormal(let mu, let sigma, let q, let integral):
            return Self.quantise(PortableMath.exp(mu + sigma * rng.nextNormal()), q: q, integral: integral)
        }
    }

    /// An index in `0..<count`, uniform or weighted by `probabilities` (which sum to 1).
    static func pickIndex(count: Int, probabilities: [Double]?, using rng: inout SeededGenerator) -> Int {
        guard let p = probabilities else { return rng.nextIndex(below: count) }
        let u = rng.nextUnit()
        var cumulative = 0.0
        for (i, w) in p.enumerated() {
            cumulative += w
            if u < cumulative { return i }
        }
        // Rounding left u above the total: the last value with any weight.
        return p.lastIndex { $0 > 0 } ?? count - 1
    }

    private static func logUniform(_ lo: Double, _ hi: Double, _ u: Double) -> Double {
        let a = PortableMath.log(lo)
        let b = PortableMath.log(hi)
        return PortableMath.exp(a + (b - a) * u)
    }

    /// `round(x / q) · q` (ties to even, as numpy), as `.int` when `integral` and representable.
    static func quantise(_ x: Double, q: Double, integral: Bool) -> ParameterValue {
        var v = (x / q).rounded(.toNearestOrEven) * q
        if v == 0 { v = 0 }  // no -0.0
        if integral, v.isFinite, abs(v) < 0x1p62 { return .int(Int(v)) }
        return .double(v)
    }
}
