public import Core

/// `method: gaussian` — the book's Bayesian-style search: every swept parameter has its own
/// Gaussian on its unit-cube axis (``SearchSpace``), refitted after every run to the better
/// runs so far, and each new config is drawn from these Gaussians.
///
/// The update rule, for the n runs with a value (see ``ObservedTrials``):
/// 1. While n < ``startupTrials``, run k gets the random search's config for run k
///    (``RandomSampler``).
/// 2. Rank the runs from best to worst and keep the best k = max(``minimumElite``,
///    ⌈``eliteFraction``·n⌉) — the elite.
/// 3. Weight the elite by rank r = 1…k with wᵣ ∝ ln(k + ½) − ln r, normalised to sum 1: the
///    best run weighs most and the weights fall off smoothly (the recombination weights of
///    CMA-ES: Hansen, "The CMA Evolution Strategy: A Tutorial", 2016, eq. 49).
/// 4. On each axis j, the Gaussian's mean is the weighted mean μⱼ = Σ wᵣ xᵣⱼ of the elite and its
///    spread the weighted standard deviation σⱼ = √(Σ wᵣ (xᵣⱼ − μⱼ)²), clamped into
///    [``minimumSpread``, ``maximumSpread``]; on a categorical or integer axis of m values the
///    floor is at least half a value's width, 1/(2m), so neighbouring values stay reachable.
///    This is the univariate Gaussian estimation-of-distribution algorithm (UMDAc: Larrañaga &
///    Lozano, "Estimation of Distribution Algorithms", 2002) with rank weights and a floor that
///    keeps it from collapsing.
/// 5. Draw xⱼ = μⱼ + σⱼ·N(0, 1) per axis, reflect it into [0, 1] at the faces, and map the point
///    to a config (rounding integers, categories and q).
///
/// Draws come from `SeededGenerator(seed: spec.seed, stream: "gaussian.run.\(k)")`: the same
/// history gives the same config, and agents proposing different run numbers at once get
/// different draws. Runs in flight are not used.
public enum GaussianSampler {
    /// Runs with values needed before the Gaussians are fitted; random search before that.
    public static let startupTrials = 10
    /// The share of the runs that make up the elite.
    public static let eliteFraction = 0.25
    /// The elite has at least this many runs.
    public static let minimumElite = 3
    /// The smallest spread of a Gaussian (in unit-cube coordinates).
    public static let minimumSpread = 0.05
    /// The largest spread of a Gaussian.
    public static let maximumSpread = 0.5

    /// The config for run `runNumber` of `spec` given the sweep's `history`.
    public static func config(for runNumber: Int, spec: SweepSpec, history: [Trial]) -> [String: ParameterValue] {
        let space = SearchSpace(spec)
        let observed = ObservedTrials(history: history, space: space, metric: spec.metric)
        guard space.dimension > 0, observed.count >= startupTrials else {
            return RandomSampler.config(for: runNumber, spec: spec)
        }
        let (mean, spread) = fit(observed, space: space)
        var rng = SeededGenerator(seed: spec.seed, stream: "gaussian.run.\(runNumber)")
        let point = (0..<space.dimension).map { reflect(mean[$0] + spread[$0] * rng.nextNormal()) }
        return space.config(at: point)
    }

    /// The Gaussians' means and spreads per axis (steps 2–4 of the update rule).
    static func fit(_ observed: ObservedTrials, space: SearchSpace) -> (mean: [Double], spread: [Double]) {
        let n = observed.count
        let k = min(n, max(minimumElite, Int((eliteFraction * Double(n)).rounded(.up))))
        let elite = Array(observed.ranking.prefix(k))
        let logTop = PortableMath.log(Double(k) + 0.5)
        var weights = (1...k).map { logTop - PortableMath.log(Double($0)) }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        var mean = [Double](repeating: 0, count: space.dimension)
        var spread = [Double](repeating: 0, count: space.dimension)
        for j in 0..<space.dimension {
            var m = 0.0
            for (r, i) in elite.enumerated() { m += weights[r] * observed.points[i][j] }
            var v = 0.0
            for (r, i) in elite.enumerated() {
                let t = observed.points[i][j] - m
                v += weights[r] * t * t
            }
            var floor = minimumSpread
            if let count = space.distributions[j].indexedCount { floor = max(floor, 0.5 / count) }
            mean[j] = m
            spread[j] = min(max(v.squareRoot(), floor), maximumSpread)
        }
        return (mean, spread)
    }

    /// `x` folded into [0, 1] by reflection at 0 and 1.
    static func reflect(_ x: Double) -> Double {
        guard x.isFinite else { return 0.5 }
        let t = abs(x).truncatingRemainder(dividingBy: 2)
        return t > 1 ? 2 - t : t
    }
}
