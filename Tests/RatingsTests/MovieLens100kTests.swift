import Core
import Foundation
import Ratings
import TestSupport
import Testing

/// Checks against the real MovieLens 100K files, skipped when they are not on this machine.
@Suite(MovieLens100k.required)
struct MovieLens100kTests {
    @Test func loadsUData() throws {
        let loaded = try RatingsLoader.load(path: MovieLens100k.ratingsPath)
        #expect(loaded.format == .movieLens100k)
        #expect(loaded.table.count == 100_000)
        #expect(loaded.table.userCount == 943)
        #expect(loaded.table.itemCount == 1682)
        #expect(loaded.skippedRows == 0)
        // Canonical sha256 computed independently with Python's hashlib.
        #expect(
            Fingerprint.of(loaded.table) == "sha256:1dd1d91f9a9a07f907a206dab1e98adbd1327b4bca6cbe536ae81b36d0101155")
        let summary = RatingsSummary(loaded.table)
        #expect(summary.ratingsPerUser.min == 20)
        #expect(
            summary.histogram
                == .values([
                    .init(value: 1, count: 6110), .init(value: 2, count: 11370), .init(value: 3, count: 27145),
                    .init(value: 4, count: 34174), .init(value: 5, count: 21201),
                ]))
    }

    @Test func splitsUData() throws {
        let t = try RatingsLoader.load(path: MovieLens100k.ratingsPath).table
        let folds = try Splitter.kFold(count: t.count, folds: 5, seed: 0)
        #expect(folds.allSatisfy { $0.test.count == 20_000 && $0.train.count == 80_000 })
        let split = try Splitter.prequential(t, testFraction: 0.2, seed: 0)
        var trainMax = [Int64](repeating: .min, count: t.userCount)
        for row in split.train { trainMax[Int(t.users[row])] = max(trainMax[Int(t.users[row])], t.timestamps[row]) }
        #expect(split.test.allSatisfy { t.timestamps[$0] >= trainMax[Int(t.users[$0])] })
        #expect(abs(Double(split.test.count) / 100_000 - 0.2) < 0.01)
    }

    @Test func roundTripsThroughCSV() throws {
        let t = try RatingsLoader.load(path: MovieLens100k.ratingsPath).table
        try withTempDirectory { dir in
            let path = dir.path + "/ratings.csv"
            try RatingsWriter.writeCSV(t, to: path)
            let back = try RatingsLoader.load(path: path)
            #expect(back.format == .csv(RatingsFormat.movieLensCSV))
            #expect(back.table == t)
        }
    }

    @Test(MovieLens100k.itemsRequired)
    func loadsUItemTitles() throws {
        let titles = try ItemTitles.load(path: MovieLens100k.itemsPath)
        #expect(titles.count == 1682)
        #expect(titles["1"] == "Toy Story (1995)")
        #expect(titles["543"] == "Misérables, Les (1995)")
    }
}
