import Ratings
import Testing

@testable import Reports

struct FoldConsistencyTests {
    static func runs(skewedFold: Int?, seed: UInt64 = 1) -> [RunSummary] {
        var rng = SeededGenerator(seed: seed)
        return (1...20).map { i in
            let base = 0.85 + 0.1 * rng.nextUnit()
            let folds = (0..<5).map { f in
                base + 0.004 * rng.nextNormal() + (f == skewedFold && i % 5 != 0 ? 0.08 : 0)
            }
            return RunSummary(number: i, state: "finished", config: [:], metric: Statistics.mean(folds), foldValues: folds)
        }
    }

    @Test func warnsWhenOneFoldIsAnOutlierForMostRuns() throws {
        let c = try #require(FoldConsistency.compute(Self.runs(skewedFold: 3)))
        #expect(c.folds == 5 && c.runs == 20)
        let outlier = try #require(c.outlier)
        #expect(outlier.fold == 3 && outlier.high && outlier.runs == 16 && outlier.of == 20)
        #expect(c.widest.first.map { $0.maxFold } == 3)
    }

    @Test func balancedFoldsCorrelateAndRaiseNoWarning() throws {
        let c = try #require(FoldConsistency.compute(Self.runs(skewedFold: nil)))
        #expect(c.outlier == nil)
        #expect(c.meanCorrelation! > 0.9)
        #expect(c.correlation[2][2] == 1)
    }

    @Test func needsThreeRunsWithFolds() {
        #expect(FoldConsistency.compute(Array(Self.runs(skewedFold: nil).prefix(2))) == nil)
    }
}
