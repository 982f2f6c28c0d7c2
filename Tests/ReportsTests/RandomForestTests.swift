import Testing

@testable import Reports

struct RandomForestTests {
    /// y = 1 when x0 > 0.5, else 0; x1 is noise-free but irrelevant.
    static let rows: [[Double]] = (0..<40).map { i in [Double(i) / 39, Double((i * 7) % 40) / 39] }
    static let targets = rows.map { $0[0] > 0.5 ? 1.0 : 0.0 }

    @Test func predictsAStepItWasFittedTo() {
        let forest = RandomForest(x: Self.rows, y: Self.targets, seed: 3)
        #expect(forest.predict([0.1, 0.5]) < 0.2)
        #expect(forest.predict([0.9, 0.5]) > 0.8)
    }

    @Test func mainEffectsPutTheVarianceOnTheFeatureThatMatters() {
        let effects = RandomForest(x: Self.rows, y: Self.targets, seed: 3).mainEffects()
        #expect(effects[0] > 0.9, "\(effects)")
        #expect(effects[1] < 0.05, "\(effects)")
    }

    @Test func aConstantTargetHasNoEffects() {
        let effects = RandomForest(x: Self.rows, y: Self.rows.map { _ in 2.0 }, seed: 0).mainEffects()
        #expect(effects == [0, 0])
    }

    /// Past `maxSamples` rows each tree sees a bootstrap of `maxSamples`: the effects stay those
    /// of the whole data (here x0 carries a step, x1 a small slope, x2 nothing).
    @Test func aCappedBootstrapFindsTheSameEffects() {
        var rows: [[Double]] = []
        var y: [Double] = []
        for i in 0..<6000 {
            let row: [Double] = [Double(i % 97) / 96, Double(i % 89) / 88, Double(i % 83) / 82]
            rows.append(row)
            let step: Double = row[0] > 0.5 ? 1 : 0
            y.append(step + 0.1 * row[1])
        }
        let capped = RandomForest(x: rows, y: y, treeCount: 16, maxSamples: 1000, seed: 1).mainEffects()
        let whole = RandomForest(x: rows, y: y, treeCount: 16, maxSamples: 6000, seed: 1).mainEffects()
        #expect(capped != whole)
        for effects in [capped, whole] {
            #expect(effects[0] > 0.9 && effects[1] > 0.002 && effects[1] < 0.05 && effects[2] < 0.01, "\(effects)")
        }
        #expect(abs(capped[0] - whole[0]) < 0.02)
    }
}
