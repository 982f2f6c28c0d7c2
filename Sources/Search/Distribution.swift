public import Core

/// How one parameter of a sweep is chosen: W&B's distributions, with W&B's names.
///
/// Bounds are validated when the sweep file is read: `min < max`, `min > 0` for the log forms,
/// `sigma > 0`, `q > 0`, and probabilities non-negative and summing to 1.
public enum Distribution: Sendable, Equatable {
    /// Always `value` (W&B `value`).
    case constant(ParameterValue)
    /// One of `values`, uniformly or with `probabilities` (W&B `values`).
    case categorical(values: [ParameterValue], probabilities: [Double]?)
    /// An integer in `min...max`, both inclusive (W&B `min`/`max` given as integers).
    case intUniform(min: Int, max: Int)
    /// A real in `[min, max)` (W&B `min`/`max` with a float).
    case uniform(min: Double, max: Double)
    /// `round(x / q) · q` for x uniform in `[min, max)`; integers when `integral`.
    case qUniform(min: Double, max: Double, q: Double, integral: Bool)
    /// `exp(x)` for x uniform in `[log min, log max)`.
    case logUniformValues(min: Double, max: Double)
    /// `round(x / q) · q` for x log-uniform in `[min, max)`; integers when `integral`.
    case qLogUniformValues(min: Double, max: Double, q: Double, integral: Bool)
    /// `1 / y` where y is log-uniform over `[1/max, 1/min]` — the same law as log-uniform on
    /// `[min, max]`, sampled the way W&B does.
    case invLogUniformValues(min: Double, max: Double)
    /// Normal with mean `mu` and standard deviation `sigma`.
    case normal(mu: Double, sigma: Double)
    /// `round(x / q) · q` for x normal; integers when `integral`.
    case qNormal(mu: Double, sigma: Double, q: Double, integral: Bool)
    /// `exp(x)` for x normal with mean `mu` and standard deviation `sigma`.
    case logNormal(mu: Double, sigma: Double)
    /// `round(x / q) · q` for x log-normal; integers when `integral`.
    case qLogNormal(mu: Double, sigma: Double, q: Double, integral: Bool)

    /// Every distribution name a sweep file may give, in W&B's spelling.
    public static let names = [
        "constant", "categorical", "int_uniform", "uniform", "q_uniform", "log_uniform_values",
        "q_log_uniform_values", "inv_log_uniform_values", "normal", "q_normal", "log_normal", "q_log_normal",
    ]

    /// The W&B name of this distribution (`int_uniform`, `q_log_uniform_values`, …).
    public var name: String {
        switch self {
        case .constant: "constant"
        case .categorical: "categorical"
        case .intUniform: "int_uniform"
        case .uniform: "uniform"
        case .qUniform: "q_uniform"
        case .logUniformValues: "log_uniform_values"
        case .qLogUniformValues: "q_log_uniform_values"
        case .invLogUniformValues: "inv_log_uniform_values"
        case .normal: "normal"
        case .qNormal: "q_normal"
        case .logNormal: "log_normal"
        case .qLogNormal: "q_log_normal"
        }
    }

    /// True for the forms sampled on a log scale (the log-uniform and log-normal forms), whose
    /// values are best shown on a logarithmic axis.
    public var isLogScaled: Bool {
        switch self {
        case .logUniformValues, .qLogUniformValues, .invLogUniformValues, .logNormal, .qLogNormal: true
        case .constant, .categorical, .intUniform, .uniform, .qUniform, .normal, .qNormal: false
        }
    }

    /// True when every sample is an `.int` (or, for constant and categorical, every value is).
    public var producesIntegers: Bool {
        switch self {
        case .constant(let v): if case .int = v { true } else { false }
        case .categorical(let values, _): values.allSatisfy { if case .int = $0 { true } else { false } }
        case .intUniform: true
        case .qUniform(_, _, _, let integral), .qLogUniformValues(_, _, _, let integral),
            .qNormal(_, _, _, let integral), .qLogNormal(_, _, _, let integral):
            integral
        case .uniform, .logUniformValues, .invLogUniformValues, .normal, .logNormal: false
        }
    }
}
