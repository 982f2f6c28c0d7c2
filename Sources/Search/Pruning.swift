/// What a pruner knows of one run: the sweep metric's logged history and, for k-fold runs, the
/// per-fold values behind it.
public struct RunCurve: Sendable, Equatable {
    /// The run's number in its sweep.
    public var number: Int
    /// The run's state as the store spells it (`running`, `finished`, `pruned`, …). Every state
    /// counts: a value a run logged before it stopped is still evidence about that step.
    public var state: String
    /// Step → the sweep metric's value as logged (e.g. `Test omse_mean`). Non-finite values are
    /// ignored.
    public var values: [Int: Double]
    /// Step → the per-fold values the metric summarises (index = fold; a diverged fold is NaN).
    /// Only the `wilcoxon` rule reads them.
    public var foldValues: [Int: [Double]]

    /// A run's curve.
    public init(number: Int, state: String, values: [Int: Double], foldValues: [Int: [Double]] = [:]) {
        self.number = number
        self.state = state
        self.values = values
        self.foldValues = foldValues
    }
}

/// Why a run was stopped early.
public struct PruningDecision: Sendable, Equatable {
    /// The rule that stopped it: `hyperband`, `median` or `wilcoxon`.
    public var rule: String
    /// The step at which it was stopped (the step ``Pruner/decide(rule:goal:run:others:step:)`` was asked about).
    public var step: Int
    /// One sentence with the numbers behind the decision.
    public var reason: String

    /// A decision.
    public init(rule: String, step: Int, reason: String) {
        self.rule = rule
        self.step = step
        self.reason = reason
    }
}

/// Early-termination decisions: pure functions of the sweep's curves, no I/O.
///
/// The agent asks at each logged step of its run, passing the other runs' curves (any state).
///
/// **Iterations.** `min_iter` and `max_iter` count logged values, as W&B counts history rows: with
/// `--log-every 50` the trainer logs steps 0, 50, 100, …, so iteration 3 is step 100. A rule turns
/// an iteration into a step with the run's own logged steps, then compares runs *by step*.
///
/// **Matching steps.** Another run's value at step `s` is its value at its latest logged step
/// ≤ `s`, provided it has logged `s` or a later step (it got that far); otherwise it has none.
/// With every agent logging at the same steps this is the value at `s` itself; with different
/// `--log-every` it is the nearest earlier one.
public enum Pruner {
    /// `hyperband` compares a run only with at least this many other runs at the bracket, so a
    /// run is never stopped on the evidence of one or two others (W&B has no such floor).
    public static let hyperbandMinimumOthers = 3
    /// `median` needs at least this many other runs at the step (Optuna's `n_startup_trials`
    /// default).
    public static let medianMinimumOthers = 5
    /// The default p-value threshold of `wilcoxon` (Optuna's default). With 5 folds the smallest
    /// one-sided p is 1/32 ≈ 0.031, so it fires when all 5 folds are worse (p = 0.031), or 4 are
    /// and the better one differs least or second least (p = 0.063, 0.094).
    public static let defaultPValue = 0.1

    /// Whether `run` should stop at `step`; nil means continue.
    ///
    /// - Parameters:
    ///   - rule: the sweep's `early_terminate`.
    ///   - goal: the sweep metric's direction; it applies to `values` and `foldValues`.
    ///   - run: the run being trained, with its values up to `step` (later ones are ignored).
    ///   - others: the sweep's other runs, finished and running (`run` itself is skipped).
    ///   - step: the step just logged.
    /// - Complexity: O(R·L log L) for R runs of L logged values.
    public static func decide(
        rule: EarlyTermination, goal: SweepMetric.Goal, run: RunCurve, others: [RunCurve], step: Int
    ) -> PruningDecision? {
        let others = others.filter { $0.number != run.number }
        switch rule {
        case .hyperband(let h): return hyperband(h, goal: goal, run: run, others: others, step: step)
        case .median(let minIter): return median(minIter: minIter, goal: goal, run: run, others: others, step: step)
        case .wilcoxon(let w): return wilcoxon(w, goal: goal, run: run, others: others, step: step)
        }
    }
}
