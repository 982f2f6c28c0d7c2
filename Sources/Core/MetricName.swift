/// The book's metric names and their snake_case aliases.
public enum MetricName {
    public static let trainOMSE = "Train omse"
    public static let testOMSE = "Test omse"
    public static let l2Loss = "l2_loss"
    public static let gramLoss = "gr_loss"
    public static let totalLoss = "total_loss"
    public static let learningRate = "learning_rate"
    public static let testOMSEMean = "Test omse_mean"
    public static let testOMSEMax = "test omse_max"
    public static let testOMSEMin = "test omse_min"
    public static let testRMSEMean = "test_rmse_mean"

    /// A summary metric of per-fold values: `Test omse_mean` (and `Test omse`, the same with
    /// one fold), `test omse_max`, `test omse_min`, `test_rmse_mean` (mean of per-fold RMSE) or
    /// `Train omse` (mean); nil for any other name.
    public static func summary(_ name: String, tests: [Double], trains: [Double]) -> Double? {
        func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
        switch canonical(name) {
        case testOMSEMean, testOMSE: return mean(tests)
        case testOMSEMax: return tests.max()
        case testOMSEMin: return tests.min()
        case testRMSEMean: return mean(tests.map { $0.squareRoot() })
        case trainOMSE: return mean(trains)
        default: return nil
        }
    }

    /// Every name the trainer logs or summarises, in the book's spelling.
    public static let all = [
        trainOMSE, testOMSE, l2Loss, gramLoss, totalLoss, learningRate, testOMSEMean,
        testOMSEMax, testOMSEMin, testRMSEMean,
    ]

    /// The key two names share when they are aliases: lower case, spaces and hyphens as `_`
    /// (`"Test omse_mean"`, `"test_omse_mean"` and `"TEST-OMSE-MEAN"` all give `test_omse_mean`).
    public static func key(_ name: String) -> String {
        String(
            name.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// The book's spelling of `name` or of its alias, or nil if the trainer has no such metric.
    /// Per-fold names (`Test omse_fold-2`) resolve too.
    public static func canonical(_ name: String) -> String? {
        let k = key(name)
        if k == "omse" { return trainOMSE }
        return all.first { key($0) == k }
    }
}
