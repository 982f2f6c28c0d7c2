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
}
