/// How consistently the cross-validation folds rank runs (the book's Figure 10-5 reading).
///
/// If the folds agree, a run that is good on one fold is good on all, the per-fold losses are
/// strongly correlated across runs, and no fold stands apart. A fold that is an outlier for
/// most runs points at a skewed split.
public struct FoldConsistency: Sendable, Equatable, Codable {
    /// A run's fold spread.
    public struct Spread: Sendable, Equatable, Codable {
        /// The run's number.
        public var run: Int
        /// Largest minus smallest fold value.
        public var spread: Double
        /// The fold with the largest value.
        public var maxFold: Int
        /// The fold with the smallest value.
        public var minFold: Int

        enum CodingKeys: String, CodingKey {
            case run, spread
            case maxFold = "max_fold"
            case minFold = "min_fold"
        }
    }

    /// A fold that stands apart in most runs.
    public struct Outlier: Sendable, Equatable, Codable {
        /// The fold.
        public var fold: Int
        /// In how many runs it is an outlier.
        public var runs: Int
        /// Out of how many runs.
        public var of: Int
        /// Whether its values are mostly above (`true`) or below the other folds'.
        public var high: Bool
    }

    /// Folds per run.
    public var folds: Int
    /// Runs compared (finished runs with all folds).
    public var runs: Int
    /// Pearson correlation across runs of fold i's and fold j's values (nil when undefined).
    public var correlation: [[Double?]]
    /// The mean of the off-diagonal correlations.
    public var meanCorrelation: Double?
    /// The runs whose folds disagree most, widest first.
    public var widest: [Spread]
    /// A fold that is an outlier for most runs, if one is.
    public var outlier: Outlier?

    enum CodingKeys: String, CodingKey {
        case folds, runs, correlation, widest, outlier
        case meanCorrelation = "mean_correlation"
    }

    /// The consistency of the runs' per-fold values, or nil with fewer than 3 runs of ≥ 2 folds.
    ///
    /// A fold is an outlier in a run when it lies more than 3 standard deviations of the other
    /// folds (and at least 1% of their mean) away from their mean; it is reported when that
    /// happens in more than half of the runs (needs ≥ 3 folds and ≥ 3 runs).
    public static func compute(_ runs: [RunSummary], widestCount: Int = 3) -> FoldConsistency? {
        let counts = Dictionary(grouping: runs.filter { $0.foldValues.count >= 2 }, by: \.foldValues.count)
        guard let (k, group) = counts.max(by: { $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.key > $1.key) }),
              group.count >= 3
        else { return nil }
        let usable = group.filter { $0.foldValues.allSatisfy(\.isFinite) }.sorted { $0.number < $1.number }
        guard usable.count >= 3 else { return nil }
        let columns = (0..<k).map { f in usable.map { $0.foldValues[f] } }
        var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: k), count: k)
        var offDiagonal: [Double] = []
        for i in 0..<k {
            for j in 0..<k {
                if i == j { matrix[i][j] = 1; continue }
                let r = Statistics.pearson(columns[i], columns[j])
                matrix[i][j] = r
                if i < j, let r { offDiagonal.append(r) }
            }
        }
        let spreads = usable.map { run -> Spread in
            let v = run.foldValues
            let maxFold = v.indices.max { v[$0] < v[$1] }!
            let minFold = v.indices.min { v[$0] < v[$1] }!
            return Spread(run: run.number, spread: v[maxFold] - v[minFold], maxFold: maxFold, minFold: minFold)
        }.sorted { $0.spread != $1.spread ? $0.spread > $1.spread : $0.run < $1.run }
        var outlier: Outlier?
        if k >= 3 {
            var hits = [Int](repeating: 0, count: k)
            var highs = [Int](repeating: 0, count: k)
            for run in usable {
                let v = run.foldValues
                for f in 0..<k {
                    var others = v
                    others.remove(at: f)
                    let m = Statistics.mean(others)
                    let s = Statistics.standardDeviation(others)
                    let d = v[f] - m
                    if abs(d) > 3 * s && abs(d) > 0.01 * abs(m) {
                        hits[f] += 1
                        if d > 0 { highs[f] += 1 }
                    }
                }
            }
            if let f = hits.indices.max(by: { hits[$0] < hits[$1] || (hits[$0] == hits[$1] && $0 > $1) }),
               hits[f] * 2 > usable.count
            {
                outlier = Outlier(fold: f, runs: hits[f], of: usable.count, high: highs[f] * 2 >= hits[f])
            }
        }
        return FoldConsistency(
            folds: k, runs: usable.count, correlation: matrix,
            meanCorrelation: offDiagonal.isEmpty ? nil : Statistics.mean(offDiagonal),
            widest: Array(spreads.prefix(widestCount)), outlier: outlier)
    }
}
