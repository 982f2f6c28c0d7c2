public import Core

extension Distribution {
    /// The normal forms cover ±4σ of the unit interval: u ∈ [0, 1] maps to the probability
    /// ε + (1 − 2ε)·u with ε = Φ(−4).
    static let normalTail = 3.167_124_183_311_998e-05

    /// How many values the parameter can take when that is few enough to index (categorical and
    /// int_uniform, up to 2⁵³); nil for the other forms.
    var indexedCount: Double? {
        switch self {
        case .categorical(let values, _): Double(values.count)
        case .intUniform(let lo, let hi): Double(hi) - Double(lo) + 1
        default: nil
        }
    }

    /// True when a sampler may vary the parameter: every form but a constant, a categorical
    /// with one value and an int_uniform with `min == max`.
    public var isSwept: Bool {
        if case .constant = self { return false }
        if let n = indexedCount { return n > 1 }
        return true
    }

    /// True when the parameter takes separated values (categorical, integer, quantised), so
    /// nearby unit coordinates give the same value.
    public var isDiscreteInUnitCube: Bool {
        switch self {
        case .constant, .categorical, .intUniform, .qUniform, .qLogUniformValues, .qNormal, .qLogNormal: true
        case .uniform, .logUniformValues, .invLogUniformValues, .normal, .logNormal: false
        }
    }

    /// The value at unit coordinate `u` (clamped into [0, 1]): the inverse of
    /// ``unitCoordinate(of:)``.
    ///
    /// - categorical and int_uniform: n equal bins in index order, bin i = [i/n, (i+1)/n);
    /// - uniform and q_uniform: linear in [min, max], then q-rounded;
    /// - the log-uniform forms: linear in log scale, then q-rounded;
    /// - the normal forms: the normal quantile of ε + (1 − 2ε)·u (±4σ), exponentiated for the
    ///   log-normal forms, then q-rounded.
    ///
    /// Integers come back as `.int`, as from ``sample(using:)``. Portable arithmetic only, so a
    /// unit point gives the same config on every platform.
    public func value(atUnit u: Double) -> ParameterValue {
        let u = u.isNaN ? 0.5 : min(max(u, 0), 1)
        switch self {
        case .constant(let v):
            return v
        case .categorical(let values, _):
            return values[Self.bin(u, count: values.count)]
        case .intUniform(let lo, let hi):
            // The bin of u among the span + 1 values, counted in Int: near Int's range, the
            // Double span rounds up and its last bin would convert past Int.max.
            let span = hi - lo  // below Int.max: the sweep file's check
            let offset = (u * (Double(span) + 1)).rounded(.down)
            return .int(lo + (offset >= Double(span) ? span : Int(offset)))
        case .uniform(let lo, let hi):
            return .double(lo + (hi - lo) * u)
        case .qUniform(let lo, let hi, let q, let integral):
            return Self.quantise(lo + (hi - lo) * u, q: q, integral: integral)
        case .logUniformValues(let lo, let hi), .invLogUniformValues(let lo, let hi):
            return .double(Self.logLinear(lo, hi, u))
        case .qLogUniformValues(let lo, let hi, let q, let integral):
            return Self.quantise(Self.logLinear(lo, hi, u), q: q, integral: integral)
        case .normal(let mu, let sigma):
            return .double(mu + sigma * Self.normalScore(u))
        case .qNormal(let mu, let sigma, let q, let integral):
            return Self.quantise(mu + sigma * Self.normalScore(u), q: q, integral: integral)
        case .logNormal(let mu, let sigma):
            return .double(PortableMath.exp(mu + sigma * Self.normalScore(u)))
        case .qLogNormal(let mu, let sigma, let q, let integral):
            return Self.quantise(PortableMath.exp(mu + sigma * Self.normalScore(u)), q: q, integral: integral)
        }
    }

    /// The unit coordinate of `value` in [0, 1]: the centre of its bin for categorical and
    /// int_uniform, the (log-)linear or normal-probability position otherwise, clamped into
    /// [0, 1]. Nil when the value cannot be placed: not one of a categorical's values, not a
    /// number for a numeric form, or not positive for a log form. Always 0.5 for a constant.
    public func unitCoordinate(of value: ParameterValue) -> Double? {
        switch self {
        case .constant:
            return 0.5
        case .categorical(let values, _):
            let key = ValueKey(value)
            guard let i = values.firstIndex(where: { ValueKey($0) == key }) else { return nil }
            return (Double(i) + 0.5) / Double(values.count)
        case .intUniform(let lo, let hi):
            guard let v = value.number else { return nil }
            let n = Double(hi) - Double(lo) + 1
            return Self.clamped((v.rounded() - Double(lo) + 0.5) / n)
        case .uniform(let lo, let hi), .qUniform(let lo, let hi, _, _):
            guard let v = value.number else { return nil }
            return Self.clamped((v - lo) / (hi - lo))
        case .logUniformValues(let lo, let hi), .invLogUniformValues(let lo, let hi),
            .qLogUniformValues(let lo, let hi, _, _):
            guard let v = value.number, v > 0, v.isFinite else { return nil }
            let a = PortableMath.log(lo)
            return Self.clamped((PortableMath.log(v) - a) / (PortableMath.log(hi) - a))
        case .normal(let mu, let sigma), .qNormal(let mu, let sigma, _, _):
            guard let v = value.number else { return nil }
            return Self.normalUnit((v - mu) / sigma)
        case .logNormal(let mu, let sigma), .qLogNormal(let mu, let sigma, _, _):
            guard let v = value.number, v > 0, v.isFinite else { return nil }
            return Self.normalUnit((PortableMath.log(v) - mu) / sigma)
        }
    }

    private static func bin(_ u: Double, count: Int) -> Int {
        min(Int((u * Double(count)).rounded(.down)), count - 1)
    }

    private static func clamped(_ u: Double) -> Double? {
        u.isNaN ? nil : min(max(u, 0), 1)
    }

    private static func logLinear(_ lo: Double, _ hi: Double, _ u: Double) -> Double {
        let a = PortableMath.log(lo)
        let b = PortableMath.log(hi)
        return PortableMath.exp(a + (b - a) * u)
    }

    /// The standard normal score at unit coordinate u.
    private static func normalScore(_ u: Double) -> Double {
        PortableMath.normalQuantile(normalTail + (1 - 2 * normalTail) * u)
    }

    /// The unit coordinate of the standard normal score z.
    private static func normalUnit(_ z: Double) -> Double? {
        guard !z.isNaN else { return nil }
        return clamped((PortableMath.normalCDF(z) - normalTail) / (1 - 2 * normalTail))
    }
}
