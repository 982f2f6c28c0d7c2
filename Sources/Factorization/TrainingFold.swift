/// One fold of a training run: the shared ``ObservedRatings`` and, for each user and each item,
/// the range of its ratings that this fold tests. The fold trains on the rest.
///
/// A fold owns only those ranges (``indexBytes``: 8 bytes per user and per item); the ratings
/// themselves are stored once, in ``ratings``, for every fold.
public struct TrainingFold: Sendable {
    /// The ratings, shared by every fold of the run.
    public let ratings: ObservedRatings
    /// The fold's number: it tests the ratings whose test fold is this number.
    public let number: Int
    /// The fold's test ranges.
    let index: FoldIndex
    /// Number of training ratings.
    public let trainCount: Int
    /// Number of test ratings (0 for a refit on all data).
    public let testCount: Int
    /// Mean training rating (0 when there is none).
    public let trainMean: Double

    /// Number of users N.
    public var userCount: Int { ratings.userCount }
    /// Number of items M.
    public var itemCount: Int { ratings.itemCount }
    /// Bytes this fold holds beyond the shared ratings: its test ranges, two `UInt32` per user
    /// and per item.
    public var indexBytes: Int { index.bytes }

    /// Fold `number` of `ratings`. Complexity: O(|Ω| + (N + M) · log(ratings per row)).
    init(_ ratings: ObservedRatings, number: Int) {
        self.ratings = ratings
        self.number = number
        let index = FoldIndex(ratings.index, fold: UInt32(number))
        self.index = index
        // Sum in user order over the training ranges, as the trainer visits them.
        let shared = ratings.index
        var sum = 0.0
        var tests = 0
        for u in 0..<shared.userCount {
            let (lo, hi) = index.userTest(u)
            tests += hi - lo
            for k in shared.userStart[u]..<lo { sum += Double(shared.values[k]) }
            for k in hi..<shared.userStart[u + 1] { sum += Double(shared.values[k]) }
        }
        testCount = tests
        trainCount = shared.count - tests
        trainMean = trainCount > 0 ? sum / Double(trainCount) : 0
    }
}

/// The test ranges of one fold, in raw buffers read by the trainer's hot loops: user u's test
/// ratings are positions `userTest(u)`, item i's are entries `itemTest(i)` of the item index.
final class FoldIndex: @unchecked Sendable {
    // @unchecked Sendable: immutable after init; only read by tasks.
    let userCount: Int
    let itemCount: Int
    /// `[lo, hi)` of each user's test positions, as pairs.
    let userRanges: UnsafeMutablePointer<UInt32>
    /// `[lo, hi)` of each item's test entries in the item index, as pairs.
    let itemRanges: UnsafeMutablePointer<UInt32>

    /// Bytes of the buffers.
    var bytes: Int { 8 * (userCount + itemCount) }

    /// The ranges of fold `fold`, found by binary search in each user's and item's ratings
    /// (which are sorted by test fold).
    init(_ shared: RatingsIndex, fold: UInt32) {
        userCount = shared.userCount
        itemCount = shared.itemCount
        userRanges = .allocate(capacity: max(2 * userCount, 1))
        itemRanges = .allocate(capacity: max(2 * itemCount, 1))
        let testFold = shared.testFold
        for u in 0..<userCount {
            let range = shared.userStart[u]..<shared.userStart[u + 1]
            let lo = RatingsIndex.lowerBound(range, fold) { testFold[$0] }
            let hi = RatingsIndex.lowerBound(lo..<range.upperBound, fold + 1) { testFold[$0] }
            userRanges[2 * u] = UInt32(lo)
            userRanges[2 * u + 1] = UInt32(hi)
        }
        let positions = shared.byItemPosition
        for i in 0..<itemCount {
            let range = shared.itemStart[i]..<shared.itemStart[i + 1]
            let lo = RatingsIndex.lowerBound(range, fold) { testFold[Int(positions[$0])] }
            let hi = RatingsIndex.lowerBound(lo..<range.upperBound, fold + 1) { testFold[Int(positions[$0])] }
            itemRanges[2 * i] = UInt32(lo)
            itemRanges[2 * i + 1] = UInt32(hi)
        }
    }

    deinit {
        userRanges.deallocate()
        itemRanges.deallocate()
    }

    /// User `u`'s test positions.
    @inline(__always)
    func userTest(_ u: Int) -> (lo: Int, hi: Int) { (Int(userRanges[2 * u]), Int(userRanges[2 * u + 1])) }

    /// Item `i`'s test entries in the item index.
    @inline(__always)
    func itemTest(_ i: Int) -> (lo: Int, hi: Int) { (Int(itemRanges[2 * i]), Int(itemRanges[2 * i + 1])) }
}

extension TrainingFold {
    /// Calls `body(position, tested)` for every position of the shared ratings, in ascending
    /// order, with `tested` true for this fold's test positions.
    ///
    /// - Complexity: O(|Ω| + N).
    func forEachPosition(_ body: (Int, Bool) -> Void) {
        let shared = ratings.index
        for u in 0..<shared.userCount {
            let (lo, hi) = index.userTest(u)
            for k in shared.userStart[u]..<lo { body(k, false) }
            for k in lo..<hi { body(k, true) }
            for k in hi..<shared.userStart[u + 1] { body(k, false) }
        }
    }
}
