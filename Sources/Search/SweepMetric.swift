/// The metric a sweep optimises (W&B's `metric {name, goal, target}`).
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

    /// The default metric: `Test omse_mean`, minimised.
    public static let defaultName = "Test omse_mean"

    /// A metric; the defaults are the book's `Test omse_mean`, minimised.
    public init(name: String = SweepMetric.defaultName, goal: Goal = .minimize, target: Double? = nil) {
        self.name = name
        self.goal = goal
        self.target = target
    }

    /// True when `a` is strictly better than `b` under ``goal``.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        goal == .minimize ? a < b : a > b
    }
}
