/// How a sweep picks the next config.
public enum SearchMethod: String, Sendable, CaseIterable {
    /// Independent draws from each parameter's distribution, seeded per run number.
    case random
    /// Every combination of the parameters' discrete values, in W&B's order.
    case grid
    /// The book's Bayesian-style search: an independent Gaussian per parameter on the unit cube,
    /// refitted to the better runs (``GaussianSampler``).
    case gaussian
    /// Gaussian-process Bayesian optimisation with log expected improvement (``BayesSampler``).
    case bayes

    /// Method names that W&B (or mfsweep's roadmap) knows but this version cannot run yet.
    public static let upcoming: [String] = []
}
