import Foundation
import TestSupport
import Testing

/// `mfsweep data info` on the MovieLens layouts.
@Suite("data info")
struct DataInfoTests {
    /// Five star ratings by 3 users of 4 items.
    static let starRatings = [
        Rating("1", "10", "4", 881_250_949),
        Rating("1", "20", "3", 881_250_950),
        Rating("2", "10", "5", 881_250_951),
        Rating("3", "30", "1", 881_250_952),
        Rating("2", "40", "2", 881_250_953),
    ]

    private func info(_ path: String, _ extra: [String] = []) async throws -> DataInfoJSON {
        let result = try await CLI.run(["data", "info", path, "--json"] + extra)
        guard result.exitCode == 0 else { throw CLIError("data info failed: \(result)") }
        return try result.decode(DataInfoJSON.self)
    }

    @Test("u.data, ratings.dat and ratings.csv with the same ratings give the same counts and fingerprint")
    func threeFormatsAgree() async throws {
        let dir = try ScratchDirectory()
        // MovieLens writes whole stars as "4" in u.data and ratings.dat, and "4.0" in ratings.csv.
        let csvRows = Self.starRatings.map { Rating($0.user, $0.item, $0.rating + ".0", $0.timestamp) }
        let files = [
            ("movielens-100k", try dir.write("ml-100k/u.data", MovieLensText.uData(Self.starRatings))),
            ("movielens-dat", try dir.write("ml-1m/ratings.dat", MovieLensText.dat(Self.starRatings))),
            ("csv", try dir.write("ml-latest/ratings.csv", MovieLensText.csv(csvRows))),
        ]
        var fingerprints: [String] = []
        for (format, path) in files {
            let output = try await info(path)
            #expect(output.format == format, "\(path)")
            #expect(output.path == path)
            #expect(output.skippedRows == 0)
            #expect(output.summary.ratings == 5, "\(path)")
            #expect(output.summary.users == 3, "\(path)")
            #expect(output.summary.items == 4, "\(path)")
            #expect(output.summary.ratingMin == 1 && output.summary.ratingMax == 5, "\(path)")
            #expect(output.summary.ratingMean == 3, "\(path)")
            #expect(output.fingerprint.hasPrefix("sha256:"), "\(path)")
            fingerprints.append(output.fingerprint)
        }
        #expect(Set(fingerprints).count == 1, "fingerprints differ across formats: \(fingerprints)")
    }

    @Test("a different rating changes the fingerprint")
    func fingerprintSeesRatings() async throws {
        let dir = try ScratchDirectory()
        var changed = Self.starRatings
        changed[2].rating = "4"
        let a = try await info(try dir.write("a/u.data", MovieLensText.uData(Self.starRatings)))
        let b = try await info(try dir.write("b/u.data", MovieLensText.uData(changed)))
        #expect(a.summary.ratings == b.summary.ratings)
        #expect(a.fingerprint != b.fingerprint)
    }

    @Test("ratings.csv half-star ratings are read exactly and fingerprint like the same ratings.dat")
    func halfStarRatings() async throws {
        let dir = try ScratchDirectory()
        let rows = [
            Rating("1", "1", "0.5", 1_100_000_000),
            Rating("1", "2", "3.5", 1_100_000_001),
            Rating("2", "1", "4.5", 1_100_000_002),
            Rating("2", "3", "5.0", 1_100_000_003),
            Rating("3", "2", "3.5", 1_100_000_004),
            Rating("4", "4", "1.0", 1_100_000_005),
        ]
        let csv = try await info(try dir.write("ml-latest/ratings.csv", MovieLensText.csv(rows)))
        #expect(csv.format == "csv")
        #expect(csv.summary.ratings == 6)
        #expect(csv.summary.users == 4)
        #expect(csv.summary.items == 4)
        #expect(csv.summary.ratingMin == 0.5)
        #expect(csv.summary.ratingMax == 5)
        #expect(nearlyEqual(csv.summary.ratingMean, 18.0 / 6))
        #expect(
            csv.summary.histogram == [
                .init(value: 0.5, count: 1), .init(value: 1, count: 1), .init(value: 3.5, count: 2),
                .init(value: 4.5, count: 1), .init(value: 5, count: 1),
            ])

        let datRows = rows.map {
            Rating($0.user, $0.item, $0.rating.replacingOccurrences(of: ".0", with: ""), $0.timestamp)
        }
        let dat = try await info(try dir.write("ml-10m/ratings.dat", MovieLensText.dat(datRows)))
        #expect(dat.format == "movielens-dat")
        #expect(dat.summary.ratings == 6)
        #expect(dat.fingerprint == csv.fingerprint)
    }

    @Test("--skip-bad-rows reports the skipped count")
    func skipBadRows() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write(
            "u.data", MovieLensText.uData(Self.starRatings) + "4\t50\tx\t881250960\n5\t60\n")
        let output = try await info(path, ["--skip-bad-rows"])
        #expect(output.skippedRows == 2)
        #expect(output.summary.ratings == 5)
    }

    @Test(
        "the real MovieLens 100K: 100000 ratings, 943 users, 1682 items",
        MovieLens100k.required)
    func movieLens100k() async throws {
        let output = try await info(MovieLens100k.ratingsPath)
        #expect(output.format == "movielens-100k")
        #expect(output.skippedRows == 0)
        #expect(output.summary.ratings == 100_000)
        #expect(output.summary.users == 943)
        #expect(output.summary.items == 1682)
        #expect(output.summary.ratingMin == 1 && output.summary.ratingMax == 5)
    }

    @Test("data info --cache stores the parsed file, reads it back, and parses a changed file again")
    func cacheStoresHitsAndRebuilds() async throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("ratings.csv", MovieLensText.csv(Self.starRatings))
        let cache = dir.url("cache")
        func cacheLine() async throws -> String {
            let result = try await CLI.run(["data", "info", path, "--cache", cache])
            #expect(result.exitCode == 0, "\(result)")
            return result.stdout.split(separator: "\n").first { $0.hasPrefix("cache ") }.map(String.init) ?? ""
        }
        #expect(try await cacheLine().hasPrefix("cache        stored ("))
        #expect(try await cacheLine().hasPrefix("cache        hit ("))
        let plain = try await info(path)
        let cached = try await info(path, ["--cache", cache])
        #expect(cached.fingerprint == plain.fingerprint)
        #expect(cached.summary.ratings == plain.summary.ratings)
        try (MovieLensText.csv(Self.starRatings) + "4,50,3.0,881250954\n").write(
            toFile: path, atomically: false, encoding: .utf8)
        let rebuilt = try await cacheLine()
        #expect(rebuilt.hasPrefix("cache        rebuilt ("), "\(rebuilt)")
        #expect(rebuilt.hasSuffix("): the ratings file changed"), "\(rebuilt)")
    }
}
