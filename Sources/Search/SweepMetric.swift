/// The metric a sweep optimises (W&B's `metric {name, goal, target, impute, impute_while_running}`).
public struct SweepMetric: Sendable, Equatable {
    /// Whether smaller or larger is better.
    public enum Goal: String, Sendable, CaseIterable {
        /// Smaller is better (the default, as W&B).
        case minimize
        /// Larger is better.
        case maximize
    }

    /// The metric's name; for trainer sweeps the book's spelling (`Test omse_mean`).
    public var name: String
    /// The direction of improvement (default `minimize`).
    public var goal: Goal
    /// A value at which the sweep may stop creating runs once reached.
    public var target: Double?
    /// The value `bayes` and `gaussian` give failed and crashed runs (W&B `impute`; nil means
    /// W&B's default, `worst`).
    public var impute: Impute?
    /// The value `bayes` and `gaussian` give running runs (W&B `impute_while_running`); nil (W&B's
    /// `false`, the default) treats them as pending points instead.
    public var imputeWhileRunning: Impute?

    /// The default metric: `Test omse_mean`, minimised.
    public static let defaultName = "Test omse_mean"

    /// A metric; the defaults are the book's `Test omse_mean`, minimised.
    public init(
        name: String = SweepMetric.defaultName, goal: Goal = .minimize, target: Double? = nil, impute: Impute? = nil,
        imputeWhileRunning: Impute? = nil
    ) {
        self.name = name
        self.goal = goal
        self.target = target
        self.impute = impute
        self.imputeWhileRunning = imputeWhileRunning
    }

    /// True when `a` is strictly better than `b` under ``goal``.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        goal == .minimize ? a < b : a > b
    }
}

extension SweepMetric {
    /// The value `bayes` and `gaussian` use for a run that has no result of its own (W&B's
    /// `metric.impute` and `metric.impute_while_running`).
    public enum Impute: String, Sendable, CaseIterable {
        /// The worst metric among the sweep's finished runs (W&B's default for `impute`).
        case worst
        /// The run's own best value; mfsweep keeps one value per run, so this is its metric.
        case best
        /// The last value the run logged.
        case latest
    }
}
