public import Core
public import Ratings

extension Validation {
    /// Checks, before anything is split or allocated, that this validation is possible on
    /// `ratings` ratings: k-fold needs `2 <= k <= ratings`, so every fold tests a rating.
    ///
    /// - Throws: ``SplitError`` (exit 64) saying what is accepted.
    public func checkFoldCount(ratings: Int) throws {
        if case .kFold(let k) = self { try Splitter.checkFoldCount(k, count: ratings) }
    }

    /// The fold that tests each row of `table` (``foldCount`` for a row that is never tested).
    ///
    /// - Complexity: O(|Ω|) memory: one `UInt32` per row (plus the splitter's scratch).
    public func testFolds(of table: RatingsTable, seed: UInt64) throws -> [UInt32] {
        func marking(_ split: Split) -> [UInt32] {
            var folds = [UInt32](repeating: 1, count: table.count)
            for row in split.test { folds[row] = 0 }
            return folds
        }
        switch self {
        case .holdout(let f):
            return marking(try Splitter.holdout(count: table.count, testFraction: f, seed: seed))
        case .kFold(let k):
            return try Splitter.kFoldAssignment(count: table.count, folds: k, seed: seed)
        case .prequential(let f):
            return marking(try Splitter.prequential(table, testFraction: f, seed: seed))
        }
    }

    /// The folds of `table`, ready to train (N and M are the whole table's user and item counts).
    /// They share one ``ObservedRatings``; each fold adds only its test ranges.
    public func folds(of table: RatingsTable, seed: UInt64) throws -> [TrainingFold] {
        try checkFoldCount(ratings: table.count)
        let testFolds = try testFolds(of: table, seed: seed)
        return ObservedRatings(table, testFolds: testFolds, foldCount: foldCount).folds
    }
}
