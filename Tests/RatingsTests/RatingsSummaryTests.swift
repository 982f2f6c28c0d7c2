import Foundation
import Ratings
import Testing

@Suite struct RatingsSummaryTests {
    @Test func summarizesStarRatings() throws {
        let t = table([("a", "x", 4, 10), ("a", "y", 5, 20), ("b", "x", 3.5, 5), ("c", "x", 4, 30), ("a", "z", 1, 1)])
        let s = RatingsSummary(t)
        #expect(s.ratings == 5 && s.users == 3 && s.items == 3)
        #expect(abs(s.density - 5.0 / 9) < 1e-12)
        #expect(s.ratingMin == 1 && s.ratingMax == 5 && abs(s.ratingMean - 3.5) < 1e-9)
        #expect(
            s.histogram
                == .values([
                    .init(value: 1, count: 1), .init(value: 3.5, count: 1), .init(value: 4, count: 2),
                    .init(value: 5, count: 1),
                ]))
        #expect(s.ratingsPerUser == RatingsSummary.CountStats([3, 1, 1]))
        #expect(s.ratingsPerUser.median == 1 && s.ratingsPerUser.max == 3)
        #expect(s.ratingsPerItem.median == 1 && s.ratingsPerItem.min == 1 && s.ratingsPerItem.max == 3)
        #expect(s.timestampMin == 1 && s.timestampMax == 30)
        #expect(RatingsSummary.CountStats([4, 1, 2, 3]).median == 2.5)
    }

    @Test func binsManyDistinctValues() throws {
        let rows = (0..<100).map { ("u\($0 % 7)", "i\($0)", Float($0) / 10, Int64($0)) }
        let s = RatingsSummary(table(rows))
        guard case .bins(let bins) = s.histogram else {
            Issue.record("expected bins")
            return
        }
        #expect(bins.count == 10)
        #expect(bins.map(\.count).reduce(0, +) == 100)
        #expect(bins.first?.lo == 0 && abs((bins.last?.hi ?? 0) - 9.9) < 1e-6)
    }

    @Test func encodesSnakeCaseJSONAndDecodesBack() throws {
        let s = RatingsSummary(table([("a", "x", 4, 874_724_710), ("b", "x", 2, 893_286_638)]))
        let json = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
        #expect(json.contains("\"ratings_per_user\"") && json.contains("\"rating_mean\""))
        #expect(json.contains("\"histogram\":[{"))
        #expect(try JSONDecoder().decode(RatingsSummary.self, from: Data(json.utf8)) == s)
        let binned = RatingsSummary(table((0..<30).map { ("u", "i\($0)", Float($0), 0) }))
        #expect(try JSONDecoder().decode(RatingsSummary.self, from: JSONEncoder().encode(binned)) == binned)
    }

    @Test func rendersAlignedTextWithBars() {
        let s = RatingsSummary(table([("a", "x", 4, 874_724_710), ("b", "x", 4, 10), ("b", "y", 2, 893_286_638)]))
        let text = s.render()
        #expect(text.contains("ratings      3\n"))
        #expect(text.contains("rating       min 2, max 4, mean 3.333\n"))
        #expect(text.contains("per user     min 1, median 1.5, max 2\n"))
        #expect(text.contains("timestamps   10 … 893286638 (1970-01-01 … 1998-04-22 UTC)\n"))
        #expect(text.contains("  2  ███████████████                 1   33.3%\n"))
        #expect(text.contains("  4  ██████████████████████████████  2   66.7%\n"))
    }

    @Test func summarizesEmptyTable() {
        let s = RatingsSummary(RatingsTable())
        #expect(s.ratings == 0 && s.users == 0 && s.density == 0 && s.histogram == .values([]))
        #expect(s.render().contains("ratings      0"))
    }
}
