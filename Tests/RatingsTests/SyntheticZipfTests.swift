import Core
import Foundation
import Ratings
import Testing

@Suite struct SyntheticZipfTests {
    static let spec = SyntheticSpec(
        users: 3000, items: 800, rank: 4, density: 0.02, seed: 5, popularity: .zipf(exponent: 1))

    /// Counts per index, largest first.
    static func counts(_ column: [Int32], _ size: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: size)
        for x in column { counts[Int(x)] += 1 }
        return counts.sorted(by: >)
    }

    @Test func sameSpecGivesIdenticalTableAndSeedsDiffer() {
        let a = SyntheticRatings.generate(Self.spec)
        #expect(a == SyntheticRatings.generate(Self.spec))
        var other = Self.spec
        other.seed = 6
        #expect(a != SyntheticRatings.generate(other))
        var uniform = Self.spec
        uniform.popularity = .uniform
        #expect(a != SyntheticRatings.generate(uniform))
    }

    @Test func keepsTheExpectedCountAndCoversEveryUserAndItemOnce() {
        let t = SyntheticRatings.generate(Self.spec)
        let expected = 3000.0 * 800 * 0.02
        #expect(abs(Double(t.count) - expected) < 0.03 * expected, "\(t.count) ratings, expected about \(expected)")
        #expect(Set(t.users).count == 3000)
        #expect(Set(t.items).count == 800)
        let pairs = Set(zip(t.users, t.items).map { Int($0) << 32 | Int($1) })
        #expect(pairs.count == t.count, "duplicate user×item pairs")
        #expect(zip(t.timestamps, t.timestamps.dropFirst()).allSatisfy { $0 < $1 })
        #expect(t.userIDs.rawIDs == (1...3000).map(String.init))
    }

    @Test func popularityAndActivityAreHeavyTailedButNotInIdOrder() {
        let zipf = SyntheticRatings.generate(Self.spec)
        var flat = Self.spec
        flat.popularity = .uniform
        let uniform = SyntheticRatings.generate(flat)
        // The top 1% of items: about 1% of the ratings when uniform. With S = 1 over 800 items they
        // carry Σ_{k≤8} 1/k / H_800 ≈ 0.37 of the weight, but a user takes each item once, so
        // they saturate: most users rate the top few, which then hold about 15% of the ratings.
        func topShare(_ t: RatingsTable) -> Double {
            Double(Self.counts(t.items, 800).prefix(8).reduce(0, +)) / Double(t.count)
        }
        #expect(topShare(uniform) < 0.03, "uniform top-1% share \(topShare(uniform))")
        #expect(topShare(zipf) > 0.1, "zipf top-1% share \(topShare(zipf))")
        let users = Self.counts(zipf.users, 3000)
        #expect(users.first! <= 800, "no user rates more than every item")
        #expect(users.first! >= 10 * users[1500], "heaviest \(users.first!), median \(users[1500])")
        // The most popular item is not item 1, nor are popular items the low ids.
        var byItem = [Int](repeating: 0, count: 800)
        for i in zipf.items { byItem[Int(i)] += 1 }
        let firstHalf = byItem.prefix(400).reduce(0, +)
        #expect(abs(Double(firstHalf) / Double(zipf.count) - 0.5) < 0.2)
    }

    @Test func theHeaviestUserCanRateEveryItem() {
        let spec = SyntheticSpec(users: 50, items: 40, density: 0.5, seed: 1, popularity: .zipf(exponent: 2))
        let t = SyntheticRatings.generate(spec)
        let users = Self.counts(t.users, 50)
        #expect(users.first == 40)
        let pairs = Set(zip(t.users, t.items).map { Int($0) << 32 | Int($1) })
        #expect(pairs.count == t.count)
    }

    @Test func parsesAndPrintsPopularity() throws {
        #expect(try Popularity(parsing: "uniform") == .uniform)
        #expect(try Popularity(parsing: "zipf:1.2") == .zipf(exponent: 1.2))
        #expect(Popularity.zipf(exponent: 1).description == "zipf:1.0")
        for (text, message) in [
            ("zipf", "expected uniform or zipf:S"), ("zipf:x", "the exponent \"x\" is not a number"),
            ("zipf:0", "greater than 0 and at most 4.0"), ("zipf:nan", "is not a number"),
        ] {
            #expect(throws: PopularityError.self) { try Popularity(parsing: text) }
            do {
                _ = try Popularity(parsing: text)
            } catch {
                #expect(error.description.contains(message), "\(text): \(error.description)")
            }
        }
    }

    @Test func popularityRoundTripsThroughJSONAndIsLeftOutWhenUniform() throws {
        let json = #"{"users": 10, "popularity": "zipf:1.5"}"#
        let spec = try JSONDecoder().decode(SyntheticSpec.self, from: Data(json.utf8))
        #expect(spec == SyntheticSpec(users: 10, popularity: .zipf(exponent: 1.5)))
        #expect(try JSONDecoder().decode(SyntheticSpec.self, from: try JSONEncoder().encode(spec)) == spec)
        let uniform = String(decoding: try JSONEncoder().encode(SyntheticSpec()), as: UTF8.self)
        #expect(!uniform.contains("popularity"))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SyntheticSpec.self, from: Data(#"{"popularity": "zipf:9"}"#.utf8))
        }
    }
}
