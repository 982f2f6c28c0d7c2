public import Core

extension Distribution {
    /// A parameter may have at most this many grid values.
    public static let gridLimit = 100_000

    /// The values a grid search walks through, or nil when the distribution is continuous (or
    /// has more than ``gridLimit`` values).
    ///
    /// - constant: its value; categorical: its values in order;
    /// - int_uniform: `min...max`, inclusive of max (W&B);
    /// - q_uniform: `min, min + q, …` below max, exclusive of max (W&B's `np.arange(min, max, q)`);
    /// - q_log_uniform_values: the same arithmetic steps (W&B has no grid for it; this mirrors q_uniform).
    public var gridValues: [ParameterValue]? {
        switch self {
        case .constant(let v):
            return [v]
        case .categorical(let values, _):
            return values
        case .intUniform(let lo, let hi):
            let (span, overflow) = hi.subtractingReportingOverflow(lo)
            guard !overflow, span < Self.gridLimit else { return nil }
            return (lo...hi).map { .int($0) }
        case .qUniform(let lo, let hi, let q, let integral), .qLogUniformValues(let lo, let hi, let q, let integral):
            let n = ((hi - lo) / q).rounded(.up)
            guard n >= 1, n <= Double(Self.gridLimit) else { return nil }
            return (0..<Int(n)).map { i in
                integral ? .int(Int(lo) + i * Int(q)) : .double(lo + Double(i) * q)
            }
        case .uniform, .logUniformValues, .invLogUniformValues, .normal, .qNormal, .logNormal, .qLogNormal:
            return nil
        }
    }

    /// True for the distributions a grid search accepts (constant, categorical, int_uniform,
    /// q_uniform, q_log_uniform_values), whatever their size.
    public var isDiscrete: Bool {
        switch self {
        case .constant, .categorical, .intUniform, .qUniform, .qLogUniformValues: true
        default: false
        }
    }
}
