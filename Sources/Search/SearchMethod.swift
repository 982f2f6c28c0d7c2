/// How a sweep picks the next config.
public enum SearchMethod: String, Sendable, CaseIterable {
    /// Independent draws from each parameter's distribution, seeded per run number.
    case random
    /// Every combination of the parameters' discrete values, in W&B's order.
    case grid

    /// Method names that W&B (or mfsweep's roadmap) knows but this version cannot run yet.
    public static let upcoming = ["bayes", "gaussian"]
}
