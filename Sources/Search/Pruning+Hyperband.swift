extension Pruner {
    /// Hyperband's brackets up to iteration `limit`, as W&B's `hyperband_stop_runs` computes them
    /// (wandb/sweeps `hyperband_stopping.py`; Li et al., "Hyperband", JMLR 18(185), 2018):
    ///
    /// - with `max_iter`: `⌊max_iter/η^k⌋` for k = 1…s, stopping below 1 (`max_iter` itself is not
    ///   a bracket). Without `s` we go on down to `min_iter` (or 1); W&B requires `s`.
    /// - otherwise `⌊min_iter·η^k⌋` for k = 0, 1, 2, …
    ///
    /// Brackets are iterations (1-based counts of logged values), ascending and distinct. A
    /// tolerance of 1e-9 keeps float error from turning 3 into 2.
    ///
    /// `max_iter` 27, s 2, η 3 → [3, 9]; `min_iter` 3, η 3 → [3, 9, 27, 81, …].
    public static func hyperbandBrackets(_ h: EarlyTermination.Hyperband, through limit: Int) -> [Int] {
        guard h.eta > 1 else { return [] }
        var brackets: [Int] = []
        if let maxIter = h.maxIter {
            let lowest = h.s == nil ? Double(max(1, h.minIter ?? 1)) : 1
            var band = Double(maxIter)
            var k = 0
            while k < (h.s ?? .max) {
                band /= h.eta
                let b = (band + 1e-9).rounded(.down)
                if b < lowest { break }
                brackets.append(Int(b))
                k += 1
            }
        } else if let minIter = h.minIter {
            var band = Double(minIter)
            while (band + 1e-9).rounded(.down) <= Double(limit) && band < 1e15 {
                brackets.append(Int((band + 1e-9).rounded(.down)))
                band *= h.eta
            }
        }
        return Array(Set(brackets.filter { $0 <= limit })).sorted()
    }

    /// W&B's hyperband stopping, checked at every logged step once a bracket is passed.
    ///
    /// Let b be the last bracket the run has passed (b ≤ its number of logged values) and m the
    /// step of its b-th logged value. The N runs that reached m (this one and at least
    /// ``hyperbandMinimumOthers`` others, any state) give a threshold: their values at m sorted
    /// best first, the one at 0-based rank ⌊N/η⌋ (W&B's `sorted(values)[int(r·N)]`, r = 1/η), so
    /// about the best 1/η are kept (⌊N/η⌋ + 1 of them; ties with the threshold are kept).
    /// The run stops when it is strictly worse than the threshold:
    /// - default (W&B's conservative rule): its best value so far;
    /// - `strict` (W&B's "stricter condition, closer to the paper"): its value at m.
    ///
    /// As in W&B the check repeats at later steps against the latest bracket passed, so a run
    /// can also be stopped when later runs raise the bar at a bracket it passed.
    static func hyperband(
        _ h: EarlyTermination.Hyperband, goal: SweepMetric.Goal, run: RunCurve, others: [RunCurve], step: Int
    ) -> PruningDecision? {
        let track = PruningTrack(run.values, goal: goal, through: step)
        guard let bracket = hyperbandBrackets(h, through: track.count).last else { return nil }
        let milestone = track.steps[bracket - 1]
        let own = track.losses[bracket - 1]
        let peers = others.compactMap { PruningTrack($0.values, goal: goal).loss(at: milestone) }
        guard peers.count >= hyperbandMinimumOthers else { return nil }
        let ranked = (peers + [own]).sorted()
        let rank = Int((Double(ranked.count) / h.eta).rounded(.down))
        let threshold = ranked[rank]
        let judged = h.strict ? own : (track.best ?? own)
        guard judged > threshold else { return nil }
        let at = "bracket \(bracket) (step \(milestone))"
        let judgedText = format(PruningTrack.value(judged, goal))
        let subject = h.strict ? "its value at \(at), \(judgedText)," : "its best value so far, \(judgedText),"
        let bar = format(PruningTrack.value(threshold, goal))
        let place = h.strict ? "there" : "at \(at)"
        return PruningDecision(
            rule: "hyperband", step: step,
            reason: "pruned by hyperband at step \(step): \(subject) is worse than \(bar), the \(ordinal(rank + 1)) "
                + "best of \(ranked.count) runs \(place); η = \(format(h.eta)) keeps the best \(rank + 1)")
    }
}
