public import Core
public import Factorization

/// What `mfsweep train --json` prints: the config, the data, each fold and the summary.
public struct TrainingReport: Codable, Sendable, Equatable {
    /// The data a run trained on.
    public struct DataInfo: Codable, Sendable, Equatable {
        public var path: String
        public var fingerprint: String
        public var users: Int
        public var items: Int
        public var ratings: Int
        public var skippedRows: Int

        enum CodingKeys: String, CodingKey {
            case path, fingerprint, users, items, ratings
            case skippedRows = "skipped_rows"
        }

        /// Facts about the data.
        public init(path: String, fingerprint: String, users: Int, items: Int, ratings: Int, skippedRows: Int) {
            self.path = path
            self.fingerprint = fingerprint
            self.users = users
            self.items = items
            self.ratings = ratings
            self.skippedRows = skippedRows
        }
    }

    public var config: [String: ParameterValue]
    public var validation: String
    public var seed: UInt64
    public var threads: Int
    public var data: DataInfo
    public var folds: [FoldResult]
    public var testOMSEMean: Double?
    public var testOMSEMin: Double?
    public var testOMSEMax: Double?
    public var testRMSEMean: Double?
    public var steps: Int
    public var seconds: Double
    public var msPerStep: Double
    public var diverged: String?

    enum CodingKeys: String, CodingKey {
        case config, validation, seed, threads, data, folds, steps, seconds, diverged
        case testOMSEMean = "test_omse_mean"
        case testOMSEMin = "test_omse_min"
        case testOMSEMax = "test_omse_max"
        case testRMSEMean = "test_rmse_mean"
        case msPerStep = "ms_per_step"
    }

    /// The report of a finished session.
    public init(session: TrainingSession, outcome: TrainingSession.Outcome, data: DataInfo) {
        let r = outcome.result
        config = session.hyperparameters.values
        validation = session.validation.description
        seed = session.seed
        threads = session.threads
        self.data = data
        folds = r.folds
        testOMSEMean = r.testOMSEMean
        testOMSEMin = r.testOMSEMin
        testOMSEMax = r.testOMSEMax
        testRMSEMean = r.testRMSEMean
        steps = r.folds.map(\.steps).max() ?? 0
        seconds = outcome.seconds
        msPerStep = outcome.msPerStep
        diverged = r.diverged
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(config, forKey: .config)
        try c.encode(validation, forKey: .validation)
        try c.encode(seed, forKey: .seed)
        try c.encode(threads, forKey: .threads)
        try c.encode(data, forKey: .data)
        try c.encode(folds, forKey: .folds)
        try c.encode(testOMSEMean, forKey: .testOMSEMean)
        try c.encode(testOMSEMin, forKey: .testOMSEMin)
        try c.encode(testOMSEMax, forKey: .testOMSEMax)
        try c.encode(testRMSEMean, forKey: .testRMSEMean)
        try c.encode(steps, forKey: .steps)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(msPerStep, forKey: .msPerStep)
        try c.encode(diverged, forKey: .diverged)
    }

    /// A terminal summary: one line per fold and the means.
    public func renderText() -> String {
        func f(_ x: Double?) -> String { x.map { DecimalFormat.fixed($0, 4) } ?? "-" }
        var lines = [
            "data     \(data.path)  (\(data.ratings) ratings, \(data.users) users, \(data.items) items)",
            "         \(data.fingerprint)" + (data.skippedRows > 0 ? "  skipped \(data.skippedRows) bad rows" : ""),
            "config   " + config.keys.sorted().map { "\($0)=\(config[$0]!)" }.joined(separator: " "),
            "validate \(validation), seed \(seed), \(threads) threads",
            "",
            "fold  train_omse  test_omse  test_rmse  steps",
        ]
        for fold in folds {
            var line = "\(fold.fold)".padded(4) + "  " + f(fold.trainOMSE).padded(10) + "  "
            line += f(fold.testOMSE).padded(9) + "  " + f(fold.testRMSE).padded(9) + "  \(fold.steps)"
            if let d = fold.diverged { line += "  " + d }
            lines.append(line)
        }
        lines.append("")
        lines.append(
            "Test omse_mean \(f(testOMSEMean))  min \(f(testOMSEMin))  max \(f(testOMSEMax))  "
                + "test_rmse_mean \(f(testRMSEMean))")
        lines.append(
            "\(steps) steps in \(DecimalFormat.fixed(seconds, 2)) s (\(DecimalFormat.fixed(msPerStep, 3)) ms/step)"
                + (diverged.map { "  DIVERGED: \($0)" } ?? ""))
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Right-aligned in `width` columns.
    func padded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
