public import Core

/// `method: bayes` — Gaussian-process Bayesian optimisation on the sweep's ``SearchSpace``.
///
/// For run k:
/// 1. **Start-up.** While fewer than ``startupTrials`` runs have a value (see ``ObservedTrials``
///    for how failed, crashed, pruned and running runs count), run k gets the random search's
///    config for run k (``RandomSampler``), as Optuna's GPSampler starts with 10 random trials.
/// 2. **Model.** The values (negated for `maximize`) are standardised and modelled by a
///    ``GaussianProcess``: constant mean, Matérn-5/2 kernel with one lengthscale per axis, and
///    a noise term. Its hyperparameters maximise the marginal likelihood times weak priors
///    (``MarginalLikelihood``), by ``BoundedLBFGS``: 15 iterations from each of three starts
///    (two fixed, one drawn), then up to 80 more from the best of them. At most
///    ``maximumObservations`` runs are used: the best half of that and the most recent others.
/// 3. **Runs in flight** (``TrialState/running``) are added with the model's mean as their value,
///    but never better than the best observed value (the *kriging believer* of Ginsbourger,
///    Le Riche & Carraro, "Kriging is well-suited to parallelize optimization", 2010, capped
///    like their *constant liar* at the minimum), and the model is conditioned again with the
///    same hyperparameters: the posterior variance at a pending point drops to about the noise
///    and its mean is no better than the incumbent, so the acquisition no longer favours it
///    and parallel agents spread out.
/// 4. **Acquisition.** Log expected improvement over the best value, observed or believed
///    (``LogExpectedImprovement``), maximised by ``AcquisitionOptimizer``: ``candidateCount``
///    uniform candidates, then local searches from the best candidate, from ``localSearches``
///    − 1 more drawn with weights e^(log EI − max) (Optuna's roulette), and from the two best
///    observed points.
/// 5. **Proposal.** The best point, rounded to a config (integers, categories, q) and moved to
///    that config's point, that lies farther than ``minimumSeparation`` from every observed and
///    pending point; failing all, a uniform random point.
///
/// Randomness comes from `SeededGenerator(seed: spec.seed, stream: "bayes.run.\(k)")`, so the
/// same history gives the same config (on one platform: the model uses the C library's
/// `exp`/`log`).
public enum BayesSampler {
    /// Runs with values needed before the model is used; random search before that.
    public static let startupTrials = 10
    /// Uniform candidates scored before the local searches.
    public static let candidateCount = 2000
    /// Local searches started from candidates.
    public static let localSearches = 8
    /// Observations the model uses at most (its cost grows as n³).
    public static let maximumObservations = 200
    /// A proposal is at least this far (Euclidean, in the unit cube) from every earlier run.
    public static let minimumSeparation = 1e-6

    /// The config for run `runNumber` of `spec` given the sweep's `history` (every run so far,
    /// with its state and metric).
    public static func config(for runNumber: Int, spec: SweepSpec, history: [Trial]) -> [String: ParameterValue] {
        let space = SearchSpace(spec)
        let observed = ObservedTrials(history: history, space: space, metric: spec.metric)
        guard space.dimension > 0, observed.count >= startupTrials else {
            return RandomSampler.config(for: runNumber, spec: spec)
        }
        var rng = SeededGenerator(seed: spec.seed, stream: "bayes.run.\(runNumber)")
        let point = proposal(space: space, observed: observed, using: &rng)
        return space.config(at: point)
    }

    /// The unit point to try next given `observed`.
    static func proposal(space: SearchSpace, observed: ObservedTrials, using rng: inout SeededGenerator) -> [Double] {
        let taken = observed.points + observed.pending
        let used = modelled(observed)
        var points = used.map { observed.points[$0] }
        let raw = used.map { observed.values[$0] }

        // Standardise.
        let mean = raw.reduce(0, +) / Double(raw.count)
        var spread = (raw.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(raw.count)).squareRoot()
        if !(spread > 1e-12 * max(1, abs(mean))) { spread = 1 }
        var values = raw.map { ($0 - mean) / spread }

        let hyperparameters = fit(points: points, values: values, using: &rng)
        guard var process = GaussianProcess(points: points, values: values, hyperparameters: hyperparameters) else {
            return fallback(space: space, taken: taken, using: &rng)
        }
        if !observed.pending.isEmpty {
            let incumbent = values.min()!
            for p in observed.pending {
                points.append(p)
                values.append(max(process.predict(p).mean, incumbent))
            }
            if let believer = GaussianProcess(points: points, values: values, hyperparameters: hyperparameters) {
                process = believer
            }
        }
        let best = values.min()!
        let optimizer = AcquisitionOptimizer(process: process, best: best, space: space)

        let candidates = optimizer.candidates(candidateCount, using: &rng)
        let scores = candidates.map(optimizer.value)
        let order = candidates.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var starts = [candidates[order[0]]]
        starts += roulette(scores, excluding: order[0], count: localSearches - 1, using: &rng).map { candidates[$0] }
        for i in observed.ranking.prefix(2) { starts.append(observed.points[i]) }

        var pool: [[Double]] = starts.map { optimizer.refine($0).point }
        pool += order.prefix(64).map { candidates[$0] }
        let snappedPool = pool.map(space.snapped)
        let snappedScores = snappedPool.map(optimizer.value)
        let ranked = snappedPool.indices.sorted {
            snappedScores[$0] > snappedScores[$1] || (snappedScores[$0] == snappedScores[$1] && $0 < $1)
        }
        for i in ranked where isSeparated(snappedPool[i], from: taken) { return snappedPool[i] }
        for i in order.dropFirst(64) {
            let p = space.snapped(candidates[i])
            if isSeparated(p, from: taken) { return p }
        }
        return fallback(space: space, taken: taken, using: &rng)
    }

    /// The observations the model uses: all, or the best half of ``maximumObservations`` and
    /// the most recent of the rest.
    static func modelled(_ observed: ObservedTrials) -> [Int] {
        guard observed.count > maximumObservations else { return Array(0..<observed.count) }
        let bestHalf = Set(observed.ranking.prefix(maximumObservations / 2))
        let recent = (0..<observed.count).filter { !bestHalf.contains($0) }.suffix(maximumObservations - bestHalf.count)
        return (Array(bestHalf) + recent).sorted()
    }

    /// The MAP hyperparameters for standardised `values` at `points`: short L-BFGS runs from
    /// lengthscales 1 and 0.2 and from a random start, the best of them then run to convergence.
    static func fit(points: [[Double]], values: [Double], using rng: inout SeededGenerator) -> GPHyperparameters {
        let d = points[0].count
        let likelihood = MarginalLikelihood(points: points, values: values)
        var random = GPHyperparameters(dimension: d, lengthscale: 1, signalVariance: 1, noise: 1e-2)
        random.logLengthscales = (0..<d).map { _ in LibM.log(0.05) + (LibM.log(2) - LibM.log(0.05)) * rng.nextUnit() }
        random.logSignalVariance = LibM.log(0.3) + (LibM.log(3) - LibM.log(0.3)) * rng.nextUnit()
        random.rawNoise = LibM.log(1e-6) + (LibM.log(1e-1) - LibM.log(1e-6)) * rng.nextUnit()
        let starts = [
            GPHyperparameters(dimension: d, lengthscale: 1, signalVariance: 1, noise: 1e-1),
            GPHyperparameters(dimension: d, lengthscale: 0.2, signalVariance: 1, noise: 1e-4),
            random,
        ]
        let bounds = GPHyperparameters.bounds(dimension: d)
        var optimizer = BoundedLBFGS()
        optimizer.maxIterations = 15
        optimizer.gradientTolerance = 1e-4
        optimizer.relativeTolerance = 1e-9
        var best: (point: [Double], value: Double)?
        for start in starts {
            guard
                let r = optimizer.minimize(
                    from: start.vector, lower: bounds.lower, upper: bounds.upper, likelihood.negativeLogPosterior)
            else { continue }
            if best == nil || r.value < best!.value { best = (r.point, r.value) }
        }
        guard let leader = best else { return starts[0] }
        optimizer.maxIterations = 80
        let polished = optimizer.minimize(
            from: leader.point, lower: bounds.lower, upper: bounds.upper, likelihood.negativeLogPosterior)
        return GPHyperparameters(
            vector: polished.map { $0.value <= leader.value ? $0.point : leader.point } ?? leader.point)
    }

    /// `count` distinct indices other than `excluding`, drawn with weights e^(score − max score).
    static func roulette(_ scores: [Double], excluding: Int, count: Int, using rng: inout SeededGenerator) -> [Int] {
        let top = scores[excluding]
        var weights = scores.map { $0.isFinite ? LibM.exp($0 - top) : 0 }
        weights[excluding] = 0
        var chosen: [Int] = []
        for _ in 0..<count {
            let total = weights.reduce(0, +)
            guard total > 0, total.isFinite else { break }
            var u = rng.nextUnit() * total
            var pick = weights.lastIndex { $0 > 0 }!
            for (i, w) in weights.enumerated() where w > 0 {
                if u < w {
                    pick = i
                    break
                }
                u -= w
            }
            chosen.append(pick)
            weights[pick] = 0
        }
        return chosen
    }

    /// True when `point` is farther than ``minimumSeparation`` from every point of `taken`.
    static func isSeparated(_ point: [Double], from taken: [[Double]]) -> Bool {
        let limit = minimumSeparation * minimumSeparation
        for q in taken {
            var d2 = 0.0
            for i in point.indices { d2 += (point[i] - q[i]) * (point[i] - q[i]) }
            if d2 <= limit { return false }
        }
        return true
    }

    /// A uniform random point, separated from `taken` if one of 100 draws is.
    private static func fallback(space: SearchSpace, taken: [[Double]], using rng: inout SeededGenerator) -> [Double] {
        var point: [Double] = []
        for _ in 0..<100 {
            point = space.snapped((0..<space.dimension).map { _ in rng.nextUnit() })
            if isSeparated(point, from: taken) { break }
        }
        return point
    }
}
