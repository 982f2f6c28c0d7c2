/// The storage of an ``ObservedRatings``: raw buffers, allocated once and shared by every fold
/// (and every thread) of a training run, so that hot loops read them without touching (and
/// contending on) array reference counts.
///
/// Positions `0..<count` are the ratings grouped by user and, within a user, by test fold,
/// then by original row. The item index (CSC) lists, per item, positions grouped by test fold,
/// then ascending.
final class RatingsIndex: @unchecked Sendable {
    // @unchecked Sendable: immutable after init; only read by tasks.
    let userCount: Int
    let itemCount: Int
    let count: Int
    /// `userStart[u] ..< userStart[u+1]` are user u's positions (`userCount + 1` entries).
    let userStart: UnsafeMutablePointer<Int>
    /// Item of each position.
    let items: UnsafeMutablePointer<Int32>
    /// Value of each position.
    let values: UnsafeMutablePointer<Float>
    /// The table row of each position (for per-rating side features).
    let rows: UnsafeMutablePointer<Int32>
    /// Test fold of each position (``ObservedRatings/foldCount`` for ratings every fold trains
    /// on); ascending within each user.
    let testFold: UnsafeMutablePointer<UInt32>
    /// `itemStart[i] ..< itemStart[i+1]` index `byItemPosition` / `byItemUser` for item i.
    let itemStart: UnsafeMutablePointer<Int>
    /// For each rating in item order, its position.
    let byItemPosition: UnsafeMutablePointer<Int32>
    /// For each rating in item order, its user.
    let byItemUser: UnsafeMutablePointer<Int32>
    /// For each rating in item order, its value: the item phase reads ratings in this order,
    /// and a gather by position would miss the cache on every rating of a large table.
    let byItemValue: UnsafeMutablePointer<Float>

    /// Bytes of the buffers: 28 per rating and 8 per user and per item.
    var bytes: Int { 28 * count + 8 * (userCount + itemCount + 2) }

    /// Builds the index by counting sorts. Complexity: O(|Ω| + N + M + folds).
    ///
    /// - Precondition: the columns have equal length (at most `Int32.max`), indices are in
    ///   range, and `testFolds` (when given) has one entry per rating.
    init(
        users: [Int32], items source: [Int32], ratings: [Float], userCount: Int, itemCount: Int,
        testFolds: [UInt32]?, foldCount: Int
    ) {
        let n = ratings.count
        precondition(users.count == n && source.count == n, "columns must have equal length")
        precondition(n <= Int(Int32.max), "at most \(Int32.max) ratings")
        precondition(testFolds == nil || testFolds!.count == n, "one test fold per rating")
        precondition(foldCount >= 1 && foldCount < Int(UInt32.max))
        self.userCount = userCount
        self.itemCount = itemCount
        count = n
        let never = UInt32(foldCount)
        @inline(__always) func fold(_ row: Int) -> UInt32 { min(testFolds?[row] ?? never, never) }

        // Rows by (test fold, row): a counting sort on the fold.
        let byFold = Self.countingSort(n, buckets: foldCount + 1) { Int(fold($0)) }

        // Positions by (user, test fold, row): a stable counting sort of `byFold` on the user.
        let userStart = Self.allocate(userCount + 1, 0)
        for u in users {
            precondition(u >= 0 && Int(u) < userCount, "user index out of range")
            userStart[Int(u) + 1] += 1
        }
        for u in 0..<userCount { userStart[u + 1] += userStart[u] }
        let items = Self.allocate(n, Int32(0))
        let values = Self.allocate(n, Float(0))
        let testFold = Self.allocate(n, UInt32(0))
        let rows = Self.allocate(n, Int32(0))
        do {
            var fill = Array(UnsafeBufferPointer(start: userStart, count: userCount))
            for row in byFold {
                let r = Int(row)
                let u = Int(users[r])
                let k = fill[u]
                fill[u] += 1
                precondition(source[r] >= 0 && Int(source[r]) < itemCount, "item index out of range")
                items[k] = source[r]
                values[k] = ratings[r]
                rows[k] = row
                testFold[k] = fold(r)
            }
        }

        // Item order: positions by (item, test fold, position), a stable counting sort on the
        // item of the positions sorted by (test fold, position).
        let positionsByFold = Self.countingSort(n, buckets: foldCount + 1) { Int(testFold[$0]) }
        var userAt = [Int32](repeating: 0, count: n)
        for u in 0..<userCount {
            for k in userStart[u]..<userStart[u + 1] { userAt[k] = Int32(u) }
        }
        let itemStart = Self.allocate(itemCount + 1, 0)
        for k in 0..<n { itemStart[Int(items[k]) + 1] += 1 }
        for i in 0..<itemCount { itemStart[i + 1] += itemStart[i] }
        let byItemPosition = Self.allocate(n, Int32(0))
        let byItemUser = Self.allocate(n, Int32(0))
        let byItemValue = Self.allocate(n, Float(0))
        var fill = Array(UnsafeBufferPointer(start: itemStart, count: itemCount))
        for position in positionsByFold {
            let k = Int(position)
            let i = Int(items[k])
            byItemPosition[fill[i]] = position
            byItemUser[fill[i]] = userAt[k]
            byItemValue[fill[i]] = values[k]
            fill[i] += 1
        }
        self.userStart = userStart
        self.items = items
        self.values = values
        self.rows = rows
        self.testFold = testFold
        self.itemStart = itemStart
        self.byItemPosition = byItemPosition
        self.byItemUser = byItemUser
        self.byItemValue = byItemValue
    }

    deinit {
        userStart.deallocate()
        items.deallocate()
        values.deallocate()
        rows.deallocate()
        testFold.deallocate()
        itemStart.deallocate()
        byItemPosition.deallocate()
        byItemUser.deallocate()
        byItemValue.deallocate()
    }

    /// `0..<count` stably sorted by `key` (in `0..<buckets`), as `Int32`s.
    private static func countingSort(_ count: Int, buckets: Int, key: (Int) -> Int) -> [Int32] {
        var start = [Int](repeating: 0, count: buckets + 1)
        for k in 0..<count { start[key(k) + 1] += 1 }
        for b in 0..<buckets { start[b + 1] += start[b] }
        var out = [Int32](repeating: 0, count: count)
        for k in 0..<count {
            let b = key(k)
            out[start[b]] = Int32(k)
            start[b] += 1
        }
        return out
    }

    /// `count` elements (at least one allocated), each `value`.
    private static func allocate<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        p.initialize(repeating: value, count: max(count, 1))
        return p
    }

    /// The first position in `range` whose test fold is at least `fold`, where `foldAt(k)`
    /// ascends over the range. Complexity: O(log |range|).
    @inline(__always)
    static func lowerBound(_ range: Range<Int>, _ fold: UInt32, _ foldAt: (Int) -> UInt32) -> Int {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if foldAt(mid) < fold { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
