import Core

/// The outcome of one fold.
public struct FoldResult: Sendable, Equatable, Codable {
    /// 0-based fold number.
    public var fold: Int
    /// OMSE on the fold's training ratings at the final parameters (nil if diverged).
    public var trainOMSE: Double?
    /// OMSE on the fold's test ratings at the final parameters (nil if diverged or no test set).
    public var testOMSE: Double?
    /// √testOMSE.
    public var testRMSE: Double? { testOMSE.map { $0.squareRoot() } }
    /// Steps completed.
    public var steps: Int
    /// `diverged at step i` when the loss became NaN or infinite.
    public var diverged: String?

    enum CodingKeys: String, CodingKey {
        case fold, steps, diverged
        case trainOMSE = "train_omse"
        case testOMSE = "test_omse"
        case testRMSE = "test_rmse"
    }

    /// A fold outcome.
    public init(fold: Int, trainOMSE: Double?, testOMSE: Double?, steps: Int, diverged: String?) {
        self.fold = fold
        self.trainOMSE = trainOMSE
        self.testOMSE = testOMSE
        self.steps = steps
        self.diverged = diverged
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fold = try c.decode(Int.self, forKey: .fold)
        trainOMSE = try c.decodeIfPresent(Double.self, forKey: .trainOMSE)
        testOMSE = try c.decodeIfPresent(Double.self, forKey: .testOMSE)
        steps = try c.decode(Int.self, forKey: .steps)
        diverged = try c.decodeIfPresent(String.self, forKey: .diverged)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fold, forKey: .fold)
        try c.encode(trainOMSE, forKey: .trainOMSE)
        try c.encode(testOMSE, forKey: .testOMSE)
        try c.encode(testRMSE, forKey: .testRMSE)
        try c.encode(steps, forKey: .steps)
        try c.encode(diverged, forKey: .diverged)
    }
}

/// The outcome of a training run across its folds.
public struct TrainingResult: Sendable, Equatable {
    /// Per-fold outcomes, in fold order.
    public var folds: [FoldResult]
    /// Steps requested.
    public var steps: Int
    /// The trained dot-product models, one per fold (none for `embedding_nn`).
    public var models: [MFModel]
    /// The trained EmbeddingNN networks, one per fold (none for the dot model).
    public var networks: [EmbeddingNN]

    /// A result from its parts.
    public init(folds: [FoldResult], steps: Int, models: [MFModel], networks: [EmbeddingNN] = []) {
        self.folds = folds
        self.steps = steps
        self.models = models
        self.networks = networks
    }

    /// The first fold's divergence reason, if any fold diverged.
    public var diverged: String? {
        folds.first { $0.diverged != nil }.map { "fold \($0.fold): \($0.diverged!)" }
    }

    private var testValues: [Double] { folds.compactMap(\.testOMSE) }
    private var complete: Bool { diverged == nil && testValues.count == folds.count }

    /// Mean over folds of the test OMSE (nil if any fold diverged).
    public var testOMSEMean: Double? {
        complete ? testValues.reduce(0, +) / Double(testValues.count) : nil
    }
    /// Smallest fold test OMSE.
    public var testOMSEMin: Double? { complete ? testValues.min() : nil }
    /// Largest fold test OMSE.
    public var testOMSEMax: Double? { complete ? testValues.max() : nil }
    /// Mean over folds of each fold's RMSE (as Surprise reports cross-validation).
    public var testRMSEMean: Double? {
        complete
            ? testValues.map { $0.squareRoot() }.reduce(0, +) / Double(testValues.count) : nil
    }

    public static func == (a: TrainingResult, b: TrainingResult) -> Bool {
        a.folds == b.folds && a.steps == b.steps
    }
}

extension TrainingResult {
    /// The value of a summary metric by its book name or alias: `Test omse_mean` (also
    /// `Test omse` — with one fold they are the same), `test omse_max`, `test omse_min`,
    /// `test_rmse_mean`, or `Train omse` (mean over folds). Nil when the run diverged or the
    /// name is not a summary metric.
    public func summaryValue(of metric: String) -> Double? {
        guard diverged == nil, !folds.isEmpty else { return nil }
        let tests = folds.compactMap(\.testOMSE)
        // Test metrics need every fold's test value (a refit on all data has none).
        if tests.count != folds.count && MetricName.canonical(metric) != MetricName.trainOMSE { return nil }
        return MetricName.summary(metric, tests: tests, trains: folds.compactMap(\.trainOMSE))
    }
}
