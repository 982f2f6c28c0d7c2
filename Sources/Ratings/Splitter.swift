public import Core

/// Seeded train/test splits of the rows of a ratings table: random holdout, k-fold and the
/// per-user prequential (last-in-time) holdout. The same arguments always give the same split.
public enum Splitter {
    /// A random holdout: a seeded permutation of `0..<count` whose first `round(testFraction · count)`
    /// rows go to test and the rest to train.
    ///
    /// - Throws: ``SplitError`` if `count` is not positive, `testFraction` is not in (0, 1), or
    ///   rounding leaves the train or test set empty.
    /// - Complexity: O(count).
    public static func holdout(count: Int, testFraction: Double, seed: UInt64) throws -> Split {
        let testCount = try checkHoldout(count: count, testFraction: testFraction)
        var rng = SeededGenerator(seed: seed, stream: "split.holdout")
        var order = Array(0..<count)
        rng.shuffle(&order)
        var isTest = [Bool](repeating: false, count: count)
        for row in order[..<testCount] { isTest[row] = true }
        return partition(isTest)
    }

    /// K-fold cross-validation: a seeded permutation of `0..<count` cut into `folds` contiguous
    /// parts whose sizes differ by at most one (the first `count % folds` are one larger, as
    /// `numpy.array_split`); split `k` tests on part `k` and trains on the others, so every row
    /// is in exactly one test set.
    ///
    /// Each split lists every row, so k splits hold k · count indices: training uses
    /// ``kFoldAssignment(count:folds:seed:)``, one fold number per row, instead.
    ///
    /// - Throws: ``SplitError`` unless `2 <= folds <= count`.
    /// - Complexity: O(count · folds).
    public static func kFold(count: Int, folds: Int, seed: UInt64) throws -> [Split] {
        let foldOf = try kFoldAssignment(count: count, folds: folds, seed: seed)
        return (0..<folds).map { k in partition(foldOf.map { $0 == UInt32(k) }) }
    }

    /// The folds of ``kFold(count:folds:seed:)`` as one fold number per row: row `r` is tested
    /// by fold `result[r]`.
    ///
    /// - Throws: ``SplitError`` unless `2 <= folds <= count`.
    /// - Complexity: O(count), 12 bytes per row at the peak.
    public static func kFoldAssignment(count: Int, folds: Int, seed: UInt64) throws -> [UInt32] {
        try checkKFold(count: count, folds: folds)
        var rng = SeededGenerator(seed: seed, stream: "split.kfold")
        var order = Array(0..<count)
        rng.shuffle(&order)
        let base = count / folds
        let larger = count % folds
        var foldOf = [UInt32](repeating: 0, count: count)
        var start = 0
        for k in 0..<folds {
            let end = start + base + (k < larger ? 1 : 0)
            for row in order[start..<end] { foldOf[row] = UInt32(k) }
            start = end
        }
        return foldOf
    }

    /// The prequential holdout: for each user with `n` ratings, their `round(testFraction · n)`
    /// most recent ratings (by timestamp, ties broken by a seeded shuffle) go to test, but at
    /// least one rating always stays in train. So no user has a test rating older than one of
    /// their train ratings, and users with a single rating are train only.
    ///
    /// - Throws: ``SplitError`` if the table is empty, `testFraction` is not in (0, 1), or the
    ///   test set comes out empty.
    /// - Complexity: O(count · log(max ratings per user)).
    public static func prequential(_ table: RatingsTable, testFraction: Double, seed: UInt64) throws -> Split {
        try checkPrequential(table, testFraction: testFraction)
        // Group rows by user (counting sort), keeping file order within a user.
        var starts = [Int](repeating: 0, count: table.userCount + 1)
        for user in table.users { starts[Int(user) + 1] += 1 }
        for u in 0..<table.userCount { starts[u + 1] += starts[u] }
        var next = starts
        var grouped = [Int](repeating: 0, count: table.count)
        for (row, user) in table.users.enumerated() {
            grouped[next[Int(user)]] = row
            next[Int(user)] += 1
        }
        var rng = SeededGenerator(seed: seed, stream: "split.prequential")
        var isTest = [Bool](repeating: false, count: table.count)
        for u in 0..<table.userCount {
            var rows = Array(grouped[starts[u]..<starts[u + 1]])
            guard !rows.isEmpty else { continue }
            rng.shuffle(&rows)
            // Sort by (timestamp, shuffled position): stable with respect to the shuffle.
            var keyed = rows.enumerated().map { (table.timestamps[$0.element], $0.offset, $0.element) }
            keyed.sort { ($0.0, $0.1) < ($1.0, $1.1) }
            let testCount = prequentialTestCount(ratings: keyed.count, testFraction: testFraction)
            for entry in keyed[(keyed.count - testCount)...] { isTest[entry.2] = true }
        }
        return partition(isTest)
    }

    /// Throws the ``SplitError`` that ``holdout(count:testFraction:seed:)`` would, without
    /// splitting; returns the test set's size.
    ///
    /// - Complexity: O(1).
    @discardableResult
    public static func checkHoldout(count: Int, testFraction: Double) throws(SplitError) -> Int {
        try checkFraction(testFraction)
        guard count > 0 else { throw SplitError("cannot split an empty ratings table") }
        let testCount = Int((testFraction * Double(count)).rounded())
        guard testCount > 0 else {
            throw SplitError(
                "test fraction \(testFraction) of \(count) rows leaves the test set empty; "
                    + "with \(count) rows the fraction must be at least \(0.5 / Double(count))")
        }
        guard testCount < count else {
            throw SplitError(
                "test fraction \(testFraction) of \(count) rows leaves the train set empty; "
                    + "with \(count) rows the fraction must be below \(1 - 0.5 / Double(count))")
        }
        return testCount
    }

    /// Throws the ``SplitError`` that ``kFold(count:folds:seed:)`` would, without splitting.
    ///
    /// - Complexity: O(1).
    public static func checkKFold(count: Int, folds: Int) throws(SplitError) {
        guard count > 0 else { throw SplitError("cannot split an empty ratings table") }
        guard folds >= 2 && folds <= count else {
            throw SplitError(
                count < 2
                    ? "k-fold cross-validation needs at least 2 ratings, one per fold, and there \(count == 1 ? "is 1" : "are none")"
                    : "number of folds must be between 2 and the number of ratings (\(count)), got \(folds)")
        }
    }

    /// Throws the ``SplitError`` that ``prequential(_:testFraction:seed:)`` would, without
    /// splitting: when no user has enough ratings to test one.
    ///
    /// - Complexity: O(count).
    public static func checkPrequential(_ table: RatingsTable, testFraction: Double) throws(SplitError) {
        try checkFraction(testFraction)
        guard table.count > 0 else { throw SplitError("cannot split an empty ratings table") }
        var perUser = [Int](repeating: 0, count: table.userCount)
        for user in table.users { perUser[Int(user)] += 1 }
        guard perUser.contains(where: { prequentialTestCount(ratings: $0, testFraction: testFraction) > 0 }) else {
            throw SplitError(
                "test fraction \(testFraction) puts no rating in the test set (every user keeps at least "
                    + "one train rating); use a larger fraction")
        }
    }

    /// Throws the ``SplitError`` that splitting `table` for `validation` would, without
    /// splitting: what `train` and every run would fail on, checked before a sweep starts.
    ///
    /// - Complexity: O(1) for a holdout or k folds, O(count) for a prequential holdout.
    public static func check(_ validation: Validation, of table: RatingsTable) throws(SplitError) {
        switch validation {
        case .holdout(let f): try checkHoldout(count: table.count, testFraction: f)
        case .kFold(let k): try checkKFold(count: table.count, folds: k)
        case .prequential(let f): try checkPrequential(table, testFraction: f)
        }
    }

    /// How many of a user's `ratings` (most recent first) a prequential holdout tests: the
    /// rounded fraction, but at least one rating stays in train.
    private static func prequentialTestCount(ratings: Int, testFraction: Double) -> Int {
        max(0, min(Int((testFraction * Double(ratings)).rounded()), ratings - 1))
    }

    /// The split with test rows where `isTest` is true, both lists ascending.
    private static func partition(_ isTest: [Bool]) -> Split {
        var train: [Int] = []
        var test: [Int] = []
        let testCount = isTest.reduce(0) { $0 + ($1 ? 1 : 0) }
        train.reserveCapacity(isTest.count - testCount)
        test.reserveCapacity(testCount)
        for (row, inTest) in isTest.enumerated() {
            if inTest { test.append(row) } else { train.append(row) }
        }
        return Split(train: train, test: test)
    }

    private static func checkFraction(_ fraction: Double) throws(SplitError) {
        guard fraction > 0 && fraction < 1 else {
            throw SplitError("test fraction must be greater than 0 and less than 1, got \(fraction)")
        }
    }
}
