public import Core
public import Ratings

extension Validation {
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
