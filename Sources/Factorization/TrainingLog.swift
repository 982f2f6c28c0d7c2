import Core

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
