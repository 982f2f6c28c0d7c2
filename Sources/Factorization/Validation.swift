public import Ratings

/// How a run measures generalisation: a random holdout, k-fold cross-validation, or the book's
/// prequential (per-user last-in-time) holdout.
public enum Validation: Sendable, Equatable, CustomStringConvertible {
    /// A seeded random fraction of the ratings is held out.
    case holdout(Double)
    /// k folds; every rating is tested exactly once.
    case kFold(Int)
    /// Each user's most recent fraction of ratings is held out.
    case prequential(Double)

    /// The validation a run uses when the command line names none: k-fold when the config's
    /// `num_folds` is above 1, else the book's 80/20 holdout.
    public static func defaultFor(_ h: Hyperparameters) -> Validation {
        h.numFolds > 1 ? .kFold(h.numFolds) : .holdout(0.2)
    }

    /// Number of folds trained.
    public var foldCount: Int {
        if case .kFold(let k) = self { return k }
        return 1
    }

    /// `holdout 0.2`, `5-fold`, `prequential 0.1`.
    public var description: String {
        switch self {
        case .holdout(let f): "holdout \(f)"
        case .kFold(let k): "\(k)-fold"
        case .prequential(let f): "prequential \(f)"
        }
    }

    /// The train/test row splits of `table`.
    public func splits(of table: RatingsTable, seed: UInt64) throws -> [Split] {
        switch self {
        case .holdout(let f): [try Splitter.holdout(count: table.count, testFraction: f, seed: seed)]
        case .kFold(let k): try Splitter.kFold(count: table.count, folds: k, seed: seed)
        case .prequential(let f): [try Splitter.prequential(table, testFraction: f, seed: seed)]
        }
    }

    /// The folds of `table`, ready to train (N and M are the whole table's user and item counts).
    public func folds(of table: RatingsTable, seed: UInt64) throws -> [TrainingFold] {
        try splits(of: table, seed: seed).map { split in
            TrainingFold(
                train: ObservedRatings(table, rows: split.train),
                test: ObservedRatings(table, rows: split.test))
        }
    }
}

extension ObservedRatings {
    /// The ratings of `table` at `rows`, over all of the table's users and items.
    public init(_ table: RatingsTable, rows: [Int]) {
        self.init(
            users: rows.map { table.users[$0] }, items: rows.map { table.items[$0] },
            ratings: rows.map { table.ratings[$0] }, userCount: table.userCount,
            itemCount: table.itemCount)
    }

    /// Every rating of `table`.
    public init(_ table: RatingsTable) {
        self.init(
            users: table.users, items: table.items, ratings: table.ratings,
            userCount: table.userCount, itemCount: table.itemCount)
    }
}
