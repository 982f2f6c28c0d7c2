import Testing

@testable import Reports

struct StatisticsTests {
    @Test func spearmanIsOneForAnyIncreasingRelation() {
        let x = [1.0, 2, 3, 4, 5, 6]
        #expect(Statistics.spearman(x, x.map { $0 * $0 * $0 }) == 1)
        #expect(Statistics.spearman(x, x.map { -$0 }) == -1)
    }

    @Test func ranksAverageTies() {
        #expect(Statistics.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }

    @Test func correlationIsUndefinedForConstants() {
        #expect(Statistics.pearson([1, 1, 1], [1, 2, 3]) == nil)
        #expect(Statistics.spearman([1, 2], [2, 1]) == nil)
    }

    @Test func meanStandardDeviationAndMedian() {
        #expect(Statistics.mean([1, 2, 3, 6]) == 3)
        #expect(abs(Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) - 2.138089935) < 1e-9)
        #expect(Statistics.median([5, 1, 3, 2]) == 2.5)
    }
}
