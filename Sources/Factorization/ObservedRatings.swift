public import Ratings

/// The observed entries Ω of a training run, stored once for all of its folds.
///
/// Every rating carries the fold that tests it, or none (a rating every fold trains on). The
/// ratings are grouped by user and, within a user, by that fold (then by original row), and
/// indexed a second time by item (CSC) in the same way. So one fold's test ratings of a user
/// (or an item) are one contiguous range and its training ratings are the ranges on either side:
/// a ``TrainingFold`` holds only those ranges, 8 bytes per user and per item, whatever the
/// number of ratings or of folds. Gradients for U and for V are each gathered without write
/// conflicts and in an order that does not depend on the number of threads.
public struct ObservedRatings: Sendable {
    /// The shared buffers.
    let index: RatingsIndex
    /// Number of test folds: fold `f` tests the ratings whose test fold is `f`.
    public let foldCount: Int

    /// Number of users N (rows of U), including users with no rating.
    public var userCount: Int { index.userCount }
    /// Number of items M (rows of V), including items with no rating.
    public var itemCount: Int { index.itemCount }
    /// Number of ratings |Ω|, all folds' train and test sets together.
    public var count: Int { index.count }
    /// Bytes of the shared storage: 28 per rating and 8 per user and per item.
    public var storageBytes: Int { index.bytes }

    /// Ω from parallel columns of dense indices.
    ///
    /// - Parameters:
    ///   - testFolds: For each rating, the fold that tests it; a value of `foldCount` or more
    ///     (or no array at all) means every fold trains on it.
    ///   - foldCount: The number of folds (at least 1).
    /// - Precondition: the columns have equal length, at most ``maxCount`` (see
    ///   ``checkCount(_:)``), and every index is in range.
    /// - Complexity: O(|Ω| + N + M + foldCount).
    public init(
        users: [Int32], items: [Int32], ratings: [Float], userCount: Int, itemCount: Int,
        testFolds: [UInt32]? = nil, foldCount: Int = 1
    ) {
        index = RatingsIndex(
            users: users, items: items, ratings: ratings, userCount: userCount, itemCount: itemCount,
            testFolds: testFolds, foldCount: foldCount)
        self.foldCount = foldCount
    }

    /// Every rating of `table` (over all of its users and items), tested by the folds that
    /// `testFolds` gives (see ``init(users:items:ratings:userCount:itemCount:testFolds:foldCount:)``).
    public init(_ table: RatingsTable, testFolds: [UInt32]? = nil, foldCount: Int = 1) {
        self.init(
            users: table.users, items: table.items, ratings: table.ratings, userCount: table.userCount,
            itemCount: table.itemCount, testFolds: testFolds, foldCount: foldCount)
    }

    /// The most ratings a training run takes: positions are 32-bit.
    public static let maxCount = Int(Int32.max)

    /// Checks that `count` ratings can be indexed (at most ``maxCount``).
    ///
    /// - Throws: ``SplitError`` (exit 64) saying what is accepted.
    public static func checkCount(_ count: Int) throws {
        guard count <= maxCount else {
            throw SplitError("a training run takes at most \(maxCount) ratings, got \(count)")
        }
    }

    /// Fold `f`: it tests the ratings whose test fold is `f` and trains on all the others.
    ///
    /// - Precondition: `0 <= f < foldCount`.
    /// - Complexity: O(|Ω| + (N + M) · log(ratings per user or item)).
    public func fold(_ f: Int) -> TrainingFold {
        precondition(f >= 0 && f < foldCount, "fold out of range")
        return TrainingFold(self, number: f)
    }

    /// Every fold, in order.
    public var folds: [TrainingFold] { (0..<foldCount).map(fold) }

    /// Whether `other` is these ratings' storage (the same buffers, not a copy).
    public func sharesStorage(with other: ObservedRatings) -> Bool { index === other.index }

    /// Splits `0..<rowCount` into at most `maxBlocks` contiguous ranges of roughly equal weight,
    /// where row `r` weighs `weight(r)` (its ratings) plus `rowWeight`.
    static func blocks(
        rowCount: Int, maxBlocks: Int, rowWeight: Int, weight: (Int) -> Int
    ) -> [Range<Int>] {
        guard rowCount > 0 else { return [] }
        var total = rowWeight * rowCount
        for r in 0..<rowCount { total += weight(r) }
        let target = max(1, (total + maxBlocks - 1) / maxBlocks)
        var out: [Range<Int>] = []
        var lo = 0
        var sum = 0
        for r in 0..<rowCount {
            sum += weight(r) + rowWeight
            if sum >= target || r == rowCount - 1 {
                out.append(lo..<(r + 1))
                lo = r + 1
                sum = 0
            }
        }
        return out
    }
}
