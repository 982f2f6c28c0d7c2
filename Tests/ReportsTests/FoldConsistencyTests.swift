import Core
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
            return RunSummary(
                number: i, state: "finished", config: [:], metric: Statistics.mean(folds), foldValues: folds)
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

    @Test func foldOffsetsRemoveTheRunEffect() throws {
        // Fold 2 is always 0.02 lower than fold 0 (run 2's fold 1 is 0.01 higher still); the runs
        // differ by 0.1 each. Folds per run: [b + 0.01, b + 0.01 (0.02 in run 2), b − 0.01].
        let runs = [0.8, 0.9, 1.0].enumerated().map { i, base in
            RunSummary(
                number: i + 1, state: "finished", config: [:], metric: base,
                foldValues: [base + 0.01, base + (i == 1 ? 0.02 : 0.01), base - 0.01])
        }
        let c = try #require(FoldConsistency.compute(runs))
        // Run means: base + 0.01/3 (runs 1, 3) and base + 0.02/3 (run 2). Offsets of fold 2:
        // −0.04/3, −0.05/3, −0.04/3.
        #expect(c.offsets.count == 3)
        let o2 = c.offsets[2]
        #expect(abs(o2.mean - (-0.13 / 9)) < 1e-12)
        #expect(abs(o2.std - (0.01 / 3) / 3.0.squareRoot()) < 1e-12)
        #expect(o2.best == 3 && o2.worst == 0 && o2.of == 3)
        // Fold 0: offsets +0.02/3, +0.01/3, +0.02/3; worst (tied with fold 1) in runs 1 and 3.
        #expect(abs(c.offsets[0].mean - 0.05 / 9) < 1e-12)
        #expect(c.offsets[0].best == 0 && c.offsets[0].worst == 2)
        #expect(c.offsets[1].best == 0 && c.offsets[1].worst == 3)
        // The offsets of every run sum to 0.
        #expect(abs(c.offsets.map(\.mean).reduce(0, +)) < 1e-12)
        #expect(c.offsetCorrelation.count == 3 && c.offsetCorrelation[1][1] == 1)
        // The raw values correlate perfectly (the between-run spread dominates): no information.
        #expect(c.meanCorrelation! > 0.99)
    }
}
