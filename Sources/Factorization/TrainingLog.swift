/// What one fold reports at a logged step.
public struct FoldMetrics: Sendable, Equatable {
    /// 0-based fold number.
    public var fold: Int
    /// Losses at the parameters before the step's update (`omse` is the book's `Train omse`).
    public var losses: Losses
    /// OMSE on the fold's test ratings after the step's update (`Test omse`).
    public var testOMSE: Double
}

/// One logged step across all folds that are still training, in lockstep.
public struct StepLog: Sendable {
    /// 0-based step number.
    public var step: Int
    /// Total number of steps of the run.
    public var steps: Int
    /// The learning rate used by this step.
    public var learningRate: Double
    /// Per-fold values (diverged folds are absent).
    public var folds: [FoldMetrics]

    /// Mean of the folds' test OMSE (`Test omse_mean`).
    public var testOMSEMean: Double {
        folds.isEmpty ? .nan : folds.map(\.testOMSE).reduce(0, +) / Double(folds.count)
    }
    /// Largest fold test OMSE (`test omse_max`).
    public var testOMSEMax: Double { folds.map(\.testOMSE).max() ?? .nan }
    /// Smallest fold test OMSE (`test omse_min`).
    public var testOMSEMin: Double { folds.map(\.testOMSE).min() ?? .nan }
    /// Mean over folds of each fold's test RMSE (`test_rmse_mean`).
    public var testRMSEMean: Double {
        folds.isEmpty ? .nan : folds.map { $0.testOMSE.squareRoot() }.reduce(0, +) / Double(folds.count)
    }

    /// The value at this step of a summary metric by its book name or alias (as
    /// ``TrainingResult/summaryValue(of:)``), nil for names that are not summary metrics.
    public func summaryValue(of metric: String) -> Double? {
        guard !folds.isEmpty else { return nil }
        return MetricName.summary(
            metric, tests: folds.map(\.testOMSE), trains: folds.map(\.losses.omse))
    }

    /// The step's metrics under the book's names: per fold `Train omse`, `Test omse`, `omse`,
    /// `l2_loss`, `gr_loss`, `total_loss`, `learning_rate` (fold `nil` for values across folds,
    /// which also carry `Test omse_mean`, `test omse_max` and `test omse_min`).
    public var metrics: [(fold: Int?, name: String, value: Double)] {
        var out: [(fold: Int?, name: String, value: Double)] = []
        for f in folds {
            out.append((f.fold, MetricName.trainOMSE, f.losses.omse))
            out.append((f.fold, MetricName.testOMSE, f.testOMSE))
            out.append((f.fold, MetricName.l2Loss, f.losses.l2))
            if let g = f.losses.gramian { out.append((f.fold, MetricName.gramLoss, g)) }
            out.append((f.fold, MetricName.totalLoss, f.losses.total))
        }
        out.append((nil, MetricName.learningRate, learningRate))
        if !folds.isEmpty {
            out.append((nil, MetricName.testOMSEMean, testOMSEMean))
            out.append((nil, MetricName.testOMSEMax, testOMSEMax))
            out.append((nil, MetricName.testOMSEMin, testOMSEMin))
            out.append((nil, MetricName.testRMSEMean, testRMSEMean))
        }
        return out
    }
}

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
    static func summary(_ name: String, tests: [Double], trains: [Double]) -> Double? {
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
