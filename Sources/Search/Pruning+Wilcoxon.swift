extension Pruner {
    /// The fold-aware rule, after Optuna's WilcoxonPruner (`optuna/pruners/_wilcoxon.py`), with
    /// folds as its instances.
    ///
    /// From the run's `minIter`-th logged value on (default the first), let s be its latest logged
    /// step ≤ `step`. The reference is the other run with the best metric value at s among those
    /// that reached s with per-fold values (at least one; Optuna uses the study's best trial).
    /// The run stops when
    /// - its metric value at s is strictly worse than the reference's (Optuna's "average is best"
    ///   safety: a run at least as good on the metric is never stopped), and
    /// - the one-sided signed-rank test on the paired per-fold differences (run − reference,
    ///   folds paired by index, non-finite pairs dropped) gives p < `pValue`
    ///   (``WilcoxonSignedRank/pValueGreater(_:)``).
    ///
    /// With k folds p ≥ 2⁻ᵏ, so the default 0.1 can fire from k = 4 on; holdout runs (one fold)
    /// are never stopped by this rule.
    static func wilcoxon(
        _ w: EarlyTermination.Wilcoxon, goal: SweepMetric.Goal, run: RunCurve, others: [RunCurve], step: Int
    ) -> PruningDecision? {
        let track = PruningTrack(run.values, goal: goal, through: step)
        guard track.count >= max(1, w.minIter ?? 1), let at = track.steps.last, let own = track.losses.last,
            let mine = run.foldLosses(at: at, goal: goal)
        else { return nil }
        var reference: (number: Int, loss: Double, folds: [Double])?
        for other in others {
            guard let loss = PruningTrack(other.values, goal: goal).loss(at: at),
                let folds = other.foldLosses(at: at, goal: goal)
            else { continue }
            if loss < reference?.loss ?? .infinity { reference = (other.number, loss, folds) }
        }
        guard let reference, own > reference.loss else { return nil }
        let differences = zip(mine, reference.folds).map { $0 - $1 }.filter(\.isFinite)
        guard !differences.isEmpty else { return nil }
        let p = WilcoxonSignedRank.pValueGreater(differences)
        guard p < w.pValue else { return nil }
        let worse = differences.filter { $0 > 0 }.count
        return PruningDecision(
            rule: "wilcoxon", step: step,
            reason: "pruned by wilcoxon at step \(step): worse than run \(reference.number) on \(worse) of "
                + "\(differences.count) folds at step \(at) (one-sided Wilcoxon signed-rank p = \(format(p)) < "
                + "\(format(w.pValue)); \(format(PruningTrack.value(own, goal))) against "
                + "\(format(PruningTrack.value(reference.loss, goal))))")
    }
}
