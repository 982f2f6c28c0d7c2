public import Core
public import Ratings

extension Validation {
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
        try Splitter.check(self, of: table)
        let testFolds = try testFolds(of: table, seed: seed)
        return ObservedRatings(table, testFolds: testFolds, foldCount: foldCount).folds
    }
}
