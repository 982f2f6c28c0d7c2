import Core
import Ratings
import TestSupport
import Testing

/// (user, item) pairs rated on more than one row: refused by default, else merged explicitly.
@Suite struct RatingsLoaderDuplicatesTests {
    /// User 1 rates item 10 on lines 1, 4 and 6 (line 3 is blank); user 2 rates item 10 on
    /// lines 2 and 7; user 1 item 11 once.
    static let repeated = "1\t10\t1\t100\n2\t10\t4\t101\n\n1\t10\t2\t102\n1\t11\t5\t103\n1\t10\t4\t104\n2\t10\t2\t105\n"

    @Test func refusesARepeatedPairAtItsSecondLineNamingTheFirstAndTheFlag() throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.data", Self.repeated)
            let error = ratingsError { _ = try RatingsLoader.load(path: path) }
            #expect(error?.line == 4)
            #expect(
                error?.description
                    == "\(path):4: user \"1\" rated item \"10\" again, first on line 1; 2 pairs repeat in the file; "
                    + "pass --duplicates last or --duplicates mean to keep one rating per pair "
                    + "(\"duplicates\" in a sweep file's data)")
            #expect(error?.exitStatus == .invalidInput)
        }
    }

    @Test func lastKeepsTheLastRatingAndTimestampAtTheFirstRowsPlace() throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.data", Self.repeated)
            let loaded = try RatingsLoader.load(path: path, duplicates: .last)
            #expect(loaded.table.ratings == [4, 2, 5])
            #expect(loaded.table.timestamps == [104, 105, 103])
            #expect(loaded.table.users == [0, 1, 0] && loaded.table.items == [0, 0, 1])
            #expect(
                loaded.duplicates
                    == DuplicatePairs(
                        pairs: 2, extraRows: 3,
                        first: DuplicatePairs.Example(user: "1", item: "10", line: 4, firstLine: 1)))
        }
    }

    @Test func meanAveragesEveryRatingOfThePair() throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.data", Self.repeated)
            let loaded = try RatingsLoader.load(path: path, duplicates: .mean)
            #expect(loaded.table.ratings == [7.0 / 3, 3, 5])
            #expect(loaded.table.timestamps == [104, 105, 103])
            #expect(loaded.duplicates.pairs == 2 && loaded.duplicates.extraRows == 3)
        }
    }

    @Test func keepLeavesEveryRowAndCountsThem() throws {
        try withTempDirectory { dir in
            let path = try dir.file("u.data", Self.repeated)
            let loaded = try RatingsLoader.load(path: path, duplicates: .keep)
            #expect(loaded.table.count == 6)
            #expect(loaded.duplicates.pairs == 2 && loaded.duplicates.extraRows == 3)
        }
    }

    @Test func everyPolicyLoadsAFileWithoutRepeatsIdentically() throws {
        try withTempDirectory { dir in
            // Same user with other items and same item with other users are not repeats.
            let path = try dir.file("u.data", "1\t10\t1\t100\n1\t11\t2\t101\n2\t10\t3\t102\n2\t11\t4\t103\n")
            let reference = try RatingsLoader.load(path: path)
            #expect(reference.duplicates == .none)
            for policy in DuplicatePolicy.allCases {
                let loaded = try RatingsLoader.load(path: path, duplicates: policy)
                #expect(loaded == reference)
                #expect(Fingerprint.of(loaded.table) == Fingerprint.of(reference.table))
            }
        }
    }

    @Test func linesOfRepeatsCountSkippedRows() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "ratings.csv", "userId,movieId,rating,timestamp\n1,a,x,1\n1,a,3,2\n2,b,4,3\n1,a,5,4\n")
            let error = ratingsError { _ = try RatingsLoader.load(path: path, skipBadRows: true) }
            #expect(error?.line == 5)
            #expect(error?.message.hasPrefix("user \"1\" rated item \"a\" again, first on line 3; pass") == true)
            let merged = try RatingsLoader.load(path: path, duplicates: .mean, skipBadRows: true)
            #expect(merged.skippedRows == 1)
            #expect(merged.table.ratings == [4, 4])
        }
    }

    @Test func mergedTablesRateEachPairOnce() throws {
        try withTempDirectory { dir in
            var rng = SeededGenerator(seed: 11)
            var text = ""
            for t in 0..<2000 {
                text +=
                    "\(rng.nextIndex(below: 30))\t\(rng.nextIndex(below: 20))\t\(1 + rng.nextIndex(below: 5))\t\(t)\n"
            }
            let path = try dir.file("u.data", text)
            let kept = try RatingsLoader.load(path: path, duplicates: .keep)
            for policy in [DuplicatePolicy.last, .mean] {
                let table = try RatingsLoader.load(path: path, duplicates: policy).table
                let pairs = Set((0..<table.count).map { Int(table.users[$0]) * 1000 + Int(table.items[$0]) })
                #expect(pairs.count == table.count)
                #expect(table.count == kept.table.count - kept.duplicates.extraRows)
            }
        }
    }

    @Test func parsesArgumentNames() {
        #expect(DuplicatePolicy.argumentNames.compactMap(DuplicatePolicy.init(argument:)) == [.error, .last, .mean])
        #expect(DuplicatePolicy(argument: "keep") == nil)
        #expect(DuplicatePolicy(argument: "first") == nil)
    }
}
