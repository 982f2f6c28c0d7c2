/// When to stop unpromising runs early (`early_terminate`). Parsed and validated now; acted on
/// by a later version.
public enum EarlyTermination: Sendable, Equatable {
    /// W&B's hyperband stopping (Li et al., "Hyperband", JMLR 2018).
    case hyperband(Hyperband)
    /// Stop a run whose metric is worse than the median of earlier runs at the same step.
    case median(minIter: Int?)

    /// Hyperband's settings, as W&B names them.
    public struct Hyperband: Sendable, Equatable {
        /// First step at which runs are compared (one of `minIter`/`maxIter` is set).
        public var minIter: Int?
        /// Last step at which runs are compared.
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

    /// The accepted `type` values.
    public static let typeNames = ["hyperband", "median"]
}
