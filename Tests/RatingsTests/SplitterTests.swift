import Core
import Ratings
import Testing

@Suite struct SplitterTests {
    @Test(arguments: [UInt64(0), 1, 42, 12345])
    func holdoutHasRoundedSizesAndIsDisjoint(seed: UInt64) throws {
        let split = try Splitter.holdout(count: 1001, testFraction: 0.2, seed: seed)
        #expect(split.test.count == 200, "seed \(seed)")
        #expect(split.train.count == 801, "seed \(seed)")
        #expect(Set(split.train).isDisjoint(with: split.test), "seed \(seed)")
        #expect((split.train + split.test).sorted() == Array(0..<1001), "seed \(seed)")
        #expect(try Splitter.holdout(count: 1001, testFraction: 0.2, seed: seed) == split, "seed \(seed)")
        #expect(try Splitter.holdout(count: 1001, testFraction: 0.2, seed: seed + 1) != split, "seed \(seed)")
    }

    @Test func holdoutRejectsBadArguments() throws {
        for fraction in [0, 1, -0.1, 1.5, Double.nan] {
            #expect(throws: SplitError.self) { try Splitter.holdout(count: 10, testFraction: fraction, seed: 0) }
        }
        #expect(throws: SplitError("cannot split an empty ratings table")) {
            try Splitter.holdout(count: 0, testFraction: 0.2, seed: 0)
        }
        #expect(
            throws: SplitError(
                "test fraction 0.1 of 4 rows leaves the test set empty; with 4 rows the fraction must be at least 0.125"
            )
        ) {
            try Splitter.holdout(count: 4, testFraction: 0.1, seed: 0)
        }
        #expect(throws: SplitError.self) { try Splitter.holdout(count: 4, testFraction: 0.9, seed: 0) }
        #expect(try Splitter.holdout(count: 4, testFraction: 0.125, seed: 0).test.count == 1)
        #expect(throws: SplitError("test fraction must be greater than 0 and less than 1, got 1.5")) {
            try Splitter.holdout(count: 10, testFraction: 1.5, seed: 0)
        }
    }

    @Test(arguments: [UInt64(0), 7, 99])
    func kFoldPutsEveryRowInExactlyOneTestFold(seed: UInt64) throws {
        let splits = try Splitter.kFold(count: 103, folds: 5, seed: seed)
        #expect(splits.map(\.test.count) == [21, 21, 21, 20, 20], "seed \(seed)")
        var seen = [Int](repeating: 0, count: 103)
        for split in splits {
            for row in split.test { seen[row] += 1 }
            #expect((split.train + split.test).sorted() == Array(0..<103), "seed \(seed)")
            #expect(Set(split.train).isDisjoint(with: split.test), "seed \(seed)")
        }
        #expect(seen.allSatisfy { $0 == 1 }, "seed \(seed)")
        #expect(try Splitter.kFold(count: 103, folds: 5, seed: seed) == splits, "seed \(seed)")
    }

    @Test func kFoldRejectsBadFoldCounts() throws {
        #expect(throws: SplitError.self) { try Splitter.kFold(count: 10, folds: 1, seed: 0) }
        #expect(throws: SplitError("number of folds must be between 2 and the number of ratings (3), got 4")) {
            try Splitter.kFold(count: 3, folds: 4, seed: 0)
        }
        #expect(throws: SplitError.self) { try Splitter.kFold(count: 0, folds: 2, seed: 0) }
        #expect(try Splitter.kFold(count: 2, folds: 2, seed: 0).map(\.test.count) == [1, 1])
    }

    /// A table with many timestamp ties, so the seeded tie-break matters.
    private func tiedTable(seed: UInt64) -> RatingsTable {
        var rng = SeededGenerator(seed: seed, stream: "test.table")
        var rows: [(String, String, Float, Int64)] = []
        for user in 0..<60 {
            let n = 1 + rng.nextIndex(below: 40)
            for item in 0..<n {
                rows.append(("u\(user)", "i\(item)", 3, Int64(rng.nextIndex(below: 8))))
            }
        }
        rng.shuffle(&rows)
        return table(rows)
    }

    @Test(arguments: [UInt64(0), 3, 17, 2024])
    func prequentialTestsAreNeverOlderThanTrain(seed: UInt64) throws {
        let t = tiedTable(seed: seed)
        let split = try Splitter.prequential(t, testFraction: 0.2, seed: seed)
        #expect((split.train + split.test).sorted() == Array(0..<t.count), "seed \(seed)")
        var trainMax = [Int64](repeating: .min, count: t.userCount)
        var testMin = [Int64](repeating: .max, count: t.userCount)
        var trainCount = [Int](repeating: 0, count: t.userCount)
        var testCount = [Int](repeating: 0, count: t.userCount)
        for row in split.train {
            let u = Int(t.users[row])
            trainMax[u] = max(trainMax[u], t.timestamps[row])
            trainCount[u] += 1
        }
        for row in split.test {
            let u = Int(t.users[row])
            testMin[u] = min(testMin[u], t.timestamps[row])
            testCount[u] += 1
        }
        for u in 0..<t.userCount {
            #expect(trainMax[u] <= testMin[u], "seed \(seed), user \(u)")
            #expect(trainCount[u] >= 1, "seed \(seed), user \(u)")
            let n = trainCount[u] + testCount[u]
            #expect(testCount[u] == min(Int((0.2 * Double(n)).rounded()), n - 1), "seed \(seed), user \(u)")
        }
        let fraction = Double(split.test.count) / Double(t.count)
        #expect(abs(fraction - 0.2) < 0.03, "seed \(seed): test fraction \(fraction)")
        #expect(try Splitter.prequential(t, testFraction: 0.2, seed: seed) == split, "seed \(seed)")
    }

    @Test func prequentialKeepsSingleRatingUsersInTrain() throws {
        let t = table([("a", "1", 3, 1), ("a", "2", 3, 2), ("b", "1", 4, 9)])
        let split = try Splitter.prequential(t, testFraction: 0.5, seed: 0)
        #expect(split == Split(train: [0, 2], test: [1]))
    }

    @Test func prequentialRejectsBadArguments() {
        let single = table([("a", "1", 3, 1), ("b", "1", 4, 9)])
        #expect(throws: SplitError.self) { try Splitter.prequential(single, testFraction: 0.5, seed: 0) }
        #expect(throws: SplitError.self) { try Splitter.prequential(RatingsTable(), testFraction: 0.5, seed: 0) }
        #expect(throws: SplitError.self) { try Splitter.prequential(single, testFraction: 1, seed: 0) }
    }
}
