/// When to stop unpromising runs early (`early_terminate`); ``Pruner/decide(rule:goal:run:others:step:)``
/// applies it. Iterations (`min_iter`, `max_iter`) count logged values, as W&B counts them.
public enum EarlyTermination: Sendable, Equatable {
    /// W&B's hyperband stopping (Li et al., "Hyperband", JMLR 2018).
    case hyperband(Hyperband)
    /// Stop a run whose metric is worse than the median of other runs at the same step
    /// (Optuna's MedianPruner); `minIter` is the first iteration compared (default 1).
    case median(minIter: Int?)
    /// Stop a k-fold run whose per-fold values are significantly worse than the best run's at the
    /// same step (Optuna's WilcoxonPruner).
    case wilcoxon(Wilcoxon)

    /// Hyperband's settings, as W&B names them.
    public struct Hyperband: Sendable, Equatable {
        /// First bracket, in iterations (one of `minIter`/`maxIter` is set).
        public var minIter: Int?
        /// The iteration the brackets are counted down from (not itself a bracket).
        public var maxIter: Int?
        /// Number of brackets, counted back from `maxIter`.
        public var s: Int?
        /// Keep the best 1/eta at each bracket (> 1, default 3).
        public var eta: Double
        /// The original paper's stricter stopping rule (default false, as W&B).
        public var strict: Bool

        /// Hyperband settings; `eta` defaults to 3 and `strict` to false.
        public init(minIter: Int? = nil, maxIter: Int? = nil, s: Int? = nil, eta: Double = 3, strict: Bool = false) {
            self.minIter = minIter
            self.maxIter = maxIter
            self.s = s
            self.eta = eta
            self.strict = strict
        }
    }

    /// The fold-aware rule's settings.
    public struct Wilcoxon: Sendable, Equatable {
        /// First iteration at which runs are compared (default 1).
        public var minIter: Int?
        /// Stop when the one-sided p-value is below this (0 < p < 1, default 0.1 as Optuna).
        /// With k folds the smallest p is 2⁻ᵏ, so k = 5 needs p > 1/32.
        public var pValue: Double

        /// Wilcoxon settings; `pValue` defaults to ``Pruner/defaultPValue``.
        public init(minIter: Int? = nil, pValue: Double = Pruner.defaultPValue) {
            self.minIter = minIter
            self.pValue = pValue
        }
    }

    /// The accepted `type` values.
    public static let typeNames = ["hyperband", "median", "wilcoxon"]
}
