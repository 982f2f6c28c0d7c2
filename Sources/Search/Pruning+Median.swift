extension Pruner {
    /// Optuna's MedianPruner (`optuna/pruners/_percentile.py`; the median stopping rule of
    /// Golovin et al., "Google Vizier", KDD 2017).
    ///
    /// From the run's `minIter`-th logged value on (default the first), let s be its latest logged
    /// step ≤ `step`. The run stops when its best value so far is strictly worse than the median
    /// of the other runs' values at s (the mean of the middle two for an even count), given at
    /// least ``medianMinimumOthers`` others reached s.
    ///
    /// As Optuna, the run is judged by its best value so far (equal to its current value while
    /// its curve improves). Unlike Optuna, which uses completed trials only, every other run that
    /// reached s counts, running ones included (as W&B's hyperband does), so parallel agents
    /// prune from the start of a sweep.
    static func median(
        minIter: Int?, goal: SweepMetric.Goal, run: RunCurve, others: [RunCurve], step: Int
    ) -> PruningDecision? {
        let track = PruningTrack(run.values, goal: goal, through: step)
        guard track.count >= max(1, minIter ?? 1), let at = track.steps.last, let best = track.best else { return nil }
        let peers = others.compactMap { PruningTrack($0.values, goal: goal).loss(at: at) }.sorted()
        guard peers.count >= medianMinimumOthers else { return nil }
        let middle = peers.count / 2
        let median = peers.count % 2 == 1 ? peers[middle] : (peers[middle - 1] + peers[middle]) / 2
        guard best > median else { return nil }
        let bestText = format(PruningTrack.value(best, goal))
        let medianText = format(PruningTrack.value(median, goal))
        return PruningDecision(
            rule: "median", step: step,
            reason: "pruned by median at step \(step): its best value so far, \(bestText), is worse than "
                + "\(medianText), the median of \(peers.count) other runs at step \(at)")
    }
}
