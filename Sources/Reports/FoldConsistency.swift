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

    /// A fold's offsets from each run's fold mean (the fold's value minus the mean of the run's
    /// folds): what is left of a fold effect once the between-run differences are removed.
    public struct Offset: Sendable, Equatable, Codable {
        /// The fold.
        public var fold: Int
        /// The mean offset over runs (negative: the fold's loss is lower than its runs' means).
        public var mean: Double
        /// The sample standard deviation of the offset over runs.
        public var std: Double
        /// In how many runs the fold has the smallest value (ties count for every tied fold).
        public var best: Int
        /// In how many runs the fold has the largest value (ties count for every tied fold).
        public var worst: Int
        /// Out of how many runs.
        public var of: Int
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
    /// Per fold, its offsets from the runs' fold means ("fold offsets"), in fold order.
    public var offsets: [Offset]
    /// Pearson correlation across runs of fold i's and fold j's offsets (nil when undefined).
    /// The offsets of a run sum to 0, so independent folds correlate at about −1/(folds − 1).
    public var offsetCorrelation: [[Double?]]

    enum CodingKeys: String, CodingKey {
        case folds, runs, correlation, widest, outlier, offsets
        case meanCorrelation = "mean_correlation"
        case offsetCorrelation = "offset_correlation"
    }

    /// A document's fold consistency; `offsets` and `offset_correlation` may be missing (older
    /// documents), and then are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        folds = try c.decode(Int.self, forKey: .folds)
        runs = try c.decode(Int.self, forKey: .runs)
        correlation = try c.decode([[Double?]].self, forKey: .correlation)
        meanCorrelation = try c.decodeIfPresent(Double.self, forKey: .meanCorrelation)
        widest = try c.decode([Spread].self, forKey: .widest)
        outlier = try c.decodeIfPresent(Outlier.self, forKey: .outlier)
        offsets = try c.decodeIfPresent([Offset].self, forKey: .offsets) ?? []
        offsetCorrelation = try c.decodeIfPresent([[Double?]].self, forKey: .offsetCorrelation) ?? []
    }

    init(
        folds: Int, runs: Int, correlation: [[Double?]], meanCorrelation: Double?, widest: [Spread],
        outlier: Outlier?, offsets: [Offset], offsetCorrelation: [[Double?]]
    ) {
        self.folds = folds
        self.runs = runs
        self.correlation = correlation
        self.meanCorrelation = meanCorrelation
        self.widest = widest
        self.outlier = outlier
        self.offsets = offsets
        self.offsetCorrelation = offsetCorrelation
    }

    /// The folds' offsets from each run's fold mean, and their correlation matrix.
    static func offsets(_ usable: [RunSummary], folds k: Int) -> ([Offset], [[Double?]]) {
        let centred = usable.map { run -> [Double] in
            let m = Statistics.mean(run.foldValues)
            return run.foldValues.map { $0 - m }
        }
        let columns = (0..<k).map { f in centred.map { $0[f] } }
        var best = [Int](repeating: 0, count: k)
        var worst = [Int](repeating: 0, count: k)
        for run in usable {
            let v = run.foldValues
            let lo = v.min()!
            let hi = v.max()!
            for f in 0..<k {
                if v[f] == lo { best[f] += 1 }
                if v[f] == hi { worst[f] += 1 }
            }
        }
        let offsets = (0..<k).map { f in
            Offset(
                fold: f, mean: Statistics.mean(columns[f]), std: Statistics.standardDeviation(columns[f]),
                best: best[f], worst: worst[f], of: usable.count)
        }
        let matrix = (0..<k).map { i in
            (0..<k).map { j -> Double? in i == j ? 1 : Statistics.pearson(columns[i], columns[j]) }
        }
        return (offsets, matrix)
    }

    /// The consistency of the runs' per-fold values, or nil with fewer than 3 runs of ≥ 2 folds.
    ///
    /// A fold is an outlier in a run when it lies more than 3 standard deviations of the other
    /// folds (and at least 1% of their mean) away from their mean; it is reported when that
    /// happens in more than half of the runs (needs ≥ 3 folds and ≥ 3 runs).
    public static func compute(_ runs: [RunSummary], widestCount: Int = 3) -> FoldConsistency? {
        let counts = Dictionary(grouping: runs.filter { $0.foldValues.count >= 2 }, by: \.foldValues.count)
        guard
            let (k, group) = counts.max(by: {
                $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.key > $1.key)
            }),
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
        let (offsets, offsetMatrix) = Self.offsets(usable, folds: k)
        return FoldConsistency(
            folds: k, runs: usable.count, correlation: matrix,
            meanCorrelation: offDiagonal.isEmpty ? nil : Statistics.mean(offDiagonal),
            widest: Array(spreads.prefix(widestCount)), outlier: outlier,
            offsets: offsets, offsetCorrelation: offsetMatrix)
    }
}
