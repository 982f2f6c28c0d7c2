import Core
import Factorization
import Ratings
import Testing

@testable import Reports

struct ParameterImportanceTests {
    /// A sweep of 5 parameters where the metric depends only on `emb_dim` (strongly, smaller is
    /// better) and `alpha` (a bowl around 2.5), plus a little noise.
    static func runs(seed: UInt64, count: Int = 60) -> [RunSummary] {
        var rng = SeededGenerator(seed: seed)
        return (1...count).map { i in
            let emb = 10 + rng.nextIndex(below: 61)
            let alpha = 2 + rng.nextUnit()
            let prior = 0.75 + 0.25 * rng.nextUnit()
            let ell2 = 0.05 + 0.45 * rng.nextUnit()
            let gram = 0.1 + 0.5 * rng.nextUnit()
            let metric = 0.85 + 0.004 * Double(emb) + 0.8 * (alpha - 2.5) * (alpha - 2.5) + 0.005 * rng.nextNormal()
            return RunSummary(
                number: i, state: "finished",
                config: [
                    "emb_dim": .int(emb), "alpha": .double(alpha), "prior_std": .double(prior),
                    "ell_2": .double(ell2), "gram": .double(gram),
                ],
                metric: metric)
        }
    }

    @Test("only the two parameters that matter rank first and second", arguments: [0, 1, 2, 3, 4] as [UInt64])
    func twoParametersThatMatterRankFirst(seed: UInt64) {
        let names = ["alpha", "ell_2", "emb_dim", "gram", "prior_std"]
        let result = ParameterImportance.compute(runs: Self.runs(seed: seed), parameters: names, minimizing: true)
        #expect(Set(result.prefix(2).map(\.parameter)) == ["emb_dim", "alpha"], "seed \(seed): \(result)")
        #expect(result.prefix(2).reduce(0) { $0 + $1.importance } > 0.7, "seed \(seed): \(result)")
        for p in result.dropFirst(2) { #expect(p.importance < 0.1, "seed \(seed): \(p)") }
    }

    @Test func directionFollowsTheRankCorrelationAndTheGoal() {
        let names = ["alpha", "emb_dim"]
        let minimizing = ParameterImportance.compute(runs: Self.runs(seed: 7), parameters: names, minimizing: true)
        let emb = minimizing.first { $0.parameter == "emb_dim" }!
        #expect(emb.spearman! > 0.5)
        #expect(emb.direction == "smaller emb_dim is better")
        let maximizing = ParameterImportance.compute(runs: Self.runs(seed: 7), parameters: names, minimizing: false)
        #expect(maximizing.first { $0.parameter == "emb_dim" }!.direction == "larger emb_dim is better")
        // alpha's effect is a bowl: no monotone direction.
        #expect(minimizing.first { $0.parameter == "alpha" }!.direction == "no clear direction")
    }

    @Test func categoricalParametersNameTheirBestValue() {
        let runs = (1...12).map { (i: Int) -> RunSummary in
            let even = i % 2 == 0
            let optimizer: ParameterValue = .string(even ? "adam" : "gd")
            let metric: Double = (even ? 0.8 : 1.0) + 0.001 * Double(i)
            return RunSummary(
                number: i, state: "finished", config: ["optimizer": optimizer, "alpha": .double(Double(i))],
                metric: metric)
        }
        let result = ParameterImportance.compute(runs: runs, parameters: ["alpha", "optimizer"], minimizing: true)
        #expect(result.first?.parameter == "optimizer")
        #expect(result.first?.spearman == nil)
        #expect(result.first?.direction == "optimizer = adam is best on average")
    }

    @Test func tooFewRunsGiveNoImportance() {
        #expect(
            ParameterImportance.compute(
                runs: Array(Self.runs(seed: 1).prefix(4)), parameters: ["alpha"], minimizing: true
            ).isEmpty)
    }

    @Test func sameSeedSameForest() {
        let runs = Self.runs(seed: 3)
        let names = ["alpha", "ell_2", "emb_dim", "gram", "prior_std"]
        #expect(
            ParameterImportance.compute(runs: runs, parameters: names, minimizing: true)
                == ParameterImportance.compute(runs: runs, parameters: names, minimizing: true))
    }
}
