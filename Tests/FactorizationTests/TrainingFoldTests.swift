import Core
import Ratings
import Testing

@testable import Factorization

/// Folds share one copy of the ratings and own only their test ranges; each fold's train and
/// test sets are exactly the splitter's, and training on a fold (with the test range in the
/// middle of a user's ratings) gives the gradients of training on its ratings alone.
struct TrainingFoldTests {
    struct Rating: Hashable, Comparable {
        var user: Int32
        var item: Int32
        var value: Float

        static func < (a: Rating, b: Rating) -> Bool { (a.user, a.item, a.value) < (b.user, b.item, b.value) }
    }

    static func table(users: Int = 120, items: Int = 80, density: Double = 0.25, seed: UInt64 = 3) -> RatingsTable {
        SyntheticRatings.generate(
            SyntheticSpec(users: users, items: items, rank: 3, density: density, noise: 0.1, seed: seed))
    }

    /// The ratings `fold` tests (or, with `test: false`, trains on), by user, read through
    /// the user index; and the same set read through the item index.
    static func ratings(of fold: TrainingFold, test: Bool) -> (byUser: [Rating], byItem: [Rating]) {
        let shared = fold.ratings.index
        var byUser: [Rating] = []
        var byItem: [Rating] = []
        for u in 0..<fold.userCount {
            let (lo, hi) = fold.index.userTest(u)
            for k in shared.userStart[u]..<shared.userStart[u + 1] where (lo..<hi).contains(k) == test {
                byUser.append(Rating(user: Int32(u), item: shared.items[k], value: shared.values[k]))
            }
        }
        for i in 0..<fold.itemCount {
            let (lo, hi) = fold.index.itemTest(i)
            for e in shared.itemStart[i]..<shared.itemStart[i + 1] where (lo..<hi).contains(e) == test {
                let k = Int(shared.byItemPosition[e])
                #expect(shared.items[k] == Int32(i))
                byItem.append(Rating(user: shared.byItemUser[e], item: Int32(i), value: shared.values[k]))
            }
        }
        return (byUser.sorted(), byItem.sorted())
    }

    static func rows(_ table: RatingsTable, _ rows: [Int]) -> [Rating] {
        rows.map { Rating(user: table.users[$0], item: table.items[$0], value: table.ratings[$0]) }.sorted()
    }

    @Test func kFoldFoldsShareOneCopyOfTheRatingsAndOwnOnlyTheirRanges() throws {
        let table = Self.table()
        let folds = try Validation.kFold(5).folds(of: table, seed: 4)
        #expect(folds.count == 5)
        for fold in folds {
            #expect(fold.ratings.sharesStorage(with: folds[0].ratings))
            #expect(fold.indexBytes == 8 * (table.userCount + table.itemCount))
        }
        #expect(folds[0].ratings.storageBytes == 28 * table.count + 8 * (table.userCount + table.itemCount + 2))
        // Four times the ratings over the same users and items: the same bytes per fold.
        let denser = try Validation.kFold(5).folds(of: Self.table(density: 1), seed: 4)
        #expect(denser[0].ratings.count > 3 * table.count)
        #expect(denser.map(\.indexBytes) == folds.map(\.indexBytes))
    }

    @Test(arguments: [UInt64(0), 1, 2])
    func eachFoldTestsAndTrainsOnTheSplittersRows(seed: UInt64) throws {
        let table = Self.table(seed: seed)
        let splits = try Splitter.kFold(count: table.count, folds: 4, seed: seed)
        let folds = try Validation.kFold(4).folds(of: table, seed: seed)
        for (fold, split) in zip(folds, splits) {
            let test = Self.ratings(of: fold, test: true)
            let train = Self.ratings(of: fold, test: false)
            #expect(test.byUser == Self.rows(table, split.test), "seed \(seed), fold \(fold.number)")
            #expect(test.byItem == test.byUser, "seed \(seed), fold \(fold.number)")
            #expect(train.byUser == Self.rows(table, split.train), "seed \(seed), fold \(fold.number)")
            #expect(train.byItem == train.byUser, "seed \(seed), fold \(fold.number)")
            #expect(fold.testCount == split.test.count && fold.trainCount == split.train.count)
            let mean = split.train.reduce(0.0) { $0 + Double(table.ratings[$1]) } / Double(split.train.count)
            #expect(abs(fold.trainMean - mean) <= 1e-12 * mean)
        }
    }

    @Test func holdoutAndRefitFoldsTrainOnOneRangePerUser() throws {
        let table = Self.table()
        for fold in [try Validation.holdout(0.2).folds(of: table, seed: 1)[0], ObservedRatings(table).fold(0)] {
            let shared = fold.ratings.index
            for u in 0..<fold.userCount {
                let train = TrainRanges(
                    start: shared.userStart[u], end: shared.userStart[u + 1], test: fold.index.userTest(u))
                #expect(train.first.isEmpty || train.second.isEmpty)
            }
        }
        #expect(ObservedRatings(table).fold(0).testCount == 0)
    }

    /// A problem with many ratings per user and item, so that batches of 8 straddle the test
    /// ranges, and testFolds drawn at random.
    static func gradients(_ fold: TrainingFold, _ h: Hyperparameters) -> (Losses, [Float]) {
        let trainer = FoldTrainer(fold: fold, hyperparameters: h, seed: 5)
        let losses = trainer.computeGradients()
        return (
            losses,
            trainer.gradU.flattened() + trainer.gradV.flattened() + (trainer.gradUserBias?.array ?? [])
                + (trainer.gradItemBias?.array ?? [])
        )
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func aFoldsGradientsAreThoseOfItsTrainingRatingsAlone(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let (n, m, count, folds) = (9, 40, 600, 3)
        var users: [Int32] = []
        var items: [Int32] = []
        var values: [Float] = []
        var testFolds: [UInt32] = []
        for _ in 0..<count {
            users.append(Int32(rng.nextIndex(below: n)))
            items.append(Int32(rng.nextIndex(below: m)))
            values.append(Float(1 + 4 * rng.nextUnit()))
            testFolds.append(UInt32(rng.nextIndex(below: folds + 1)))  // fold 3 = never tested
        }
        var h = Hyperparameters()
        h.embDim = 11
        h.priorStd = 0.5
        h.ell2 = 0.1
        h.gram = 0.3
        h.bias = true
        let shared = ObservedRatings(
            users: users, items: items, ratings: values, userCount: n, itemCount: m, testFolds: testFolds,
            foldCount: folds)
        for f in 0..<folds {
            let rows = (0..<count).filter { testFolds[$0] != UInt32(f) }
            let alone = ObservedRatings(
                users: rows.map { users[$0] }, items: rows.map { items[$0] }, ratings: rows.map { values[$0] },
                userCount: n, itemCount: m)
            let (losses, gradient) = Self.gradients(shared.fold(f), h)
            let (expectedLosses, expected) = Self.gradients(alone.fold(0), h)
            #expect(abs(losses.total - expectedLosses.total) <= 1e-6 * expectedLosses.total, "seed \(seed), fold \(f)")
            #expect(gradient.count == expected.count)
            for (k, (a, b)) in zip(gradient, expected).enumerated() {
                #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "seed \(seed), fold \(f), gradient \(k)")
            }
        }
    }
}
