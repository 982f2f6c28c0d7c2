import Testing

@testable import Search

@Suite struct PruningWilcoxonTests {
    // MARK: the signed-rank test (p-values counted by hand over the 2^m sign patterns)

    @Test func exactPValuesForFiveFolds() {
        let p = WilcoxonSignedRank.pValueGreater
        #expect(p([0.5, 0.4, 0.3, 0.2, 0.1]) == 1.0 / 32)  // all worse: T⁺ = 15, only itself
        #expect(p([0.5, 0.4, 0.3, 0.2, -0.1]) == 2.0 / 32)  // T⁺ = 14: {1..5}, {2..5}
        #expect(p([0.5, 0.4, 0.3, -0.2, 0.1]) == 3.0 / 32)  // T⁺ = 13: negatives ⊂ {}, {1}, {2}
        #expect(p([-0.5, -0.4, -0.3, -0.2, -0.1]) == 1)  // T⁺ = 0
    }

    @Test func exactPValuesForSixFolds() {
        let p = WilcoxonSignedRank.pValueGreater
        #expect(p([6, 5, 4, 3, 2, 1]) == 1.0 / 64)
        #expect(p([6, 5, 4, 3, 2, -1]) == 2.0 / 64)
    }

    @Test func tiesShareTheirMeanRank() {
        // |d| = 1, 1, 2, 2, 3 → ranks 1.5, 1.5, 3.5, 3.5, 5; T⁺ = 11.5 ⇔ negatives sum ≤ 3.5:
        // {}, {1.5}, {1.5'}, {1.5, 1.5'}, {3.5}, {3.5'} → 6/32.
        #expect(WilcoxonSignedRank.pValueGreater([1, 1, 2, -2, 3]) == 6.0 / 32)
        #expect(WilcoxonSignedRank.doubledMidranks([1, 1, 2, 2, 3]) == [3, 3, 7, 7, 10])
    }

    @Test func zerosTakeTheLowestRanksButNoSign() {
        // Pratt / zsplit: 0 → rank 1; nonzero ranks 2, 3, 4, 5 all positive → 1/16.
        #expect(WilcoxonSignedRank.pValueGreater([0, 0.25, 0.375, 0.5, 0.625]) == 1.0 / 16)
        // 0 → 1; +2, +3, +4, −5: T⁺ = 9 of 14 ⇔ negatives ≤ 5: {}, {2}, {3}, {4}, {5}, {2, 3} → 6/16.
        // (Dropping zeros first, as SciPy's "wilcox", would rank 1, 2, 3, −4 and give 7/16.)
        #expect(WilcoxonSignedRank.pValueGreater([0, 0.25, 0.375, 0.5, -0.625]) == 6.0 / 16)
        // Six folds, ties and zeros: |d| = 0, 0, 1, 1, 2, 3 → 1.5, 1.5, 3.5, 3.5, 5, 6;
        // nonzero +3.5, −3.5, +5, +6: T⁺ = 14.5 of 18 ⇔ negatives ≤ 3.5: {}, {3.5}, {3.5'} → 3/16.
        #expect(WilcoxonSignedRank.pValueGreater([0, 0, 1, -1, 2, 3]) == 3.0 / 16)
        #expect(WilcoxonSignedRank.pValueGreater([0, 0, 0, 0, 0, 0]) == 1)
        #expect(WilcoxonSignedRank.pValueGreater([]) == 1)
    }

    @Test func normalApproximationAgreesWithTheExactTailForManyPairs() {
        let ranks = Array(1...60).map { 2 * $0 }
        for observed in stride(from: 1000, through: 2800, by: 200) {
            let exact = WilcoxonSignedRank.exactTail(ranks, observed)
            let normal = WilcoxonSignedRank.normalTail(ranks, observed)
            #expect(abs(exact - normal) < 0.01, "T⁺ \(observed): exact \(exact), normal \(normal)")
        }
    }

    // MARK: the rule

    /// A run logged at step 100 whose metric is its folds' mean.
    private func run(_ number: Int, _ folds: [Double], metric: Double? = nil, state: String = "finished") -> RunCurve {
        let mean = folds.reduce(0, +) / Double(folds.count)
        return RunCurve(number: number, state: state, values: [100: metric ?? mean], foldValues: [100: folds])
    }

    /// The best other run (mean 1.05) and a worse one (mean 1.5).
    private let others = [
        RunCurve(number: 2, state: "finished", values: [100: 1.5], foldValues: [100: [1.5, 1.5, 1.5, 1.5, 1.5]]),
        RunCurve(number: 1, state: "finished", values: [100: 1.05], foldValues: [100: [1, 1.125, 0.875, 1.25, 1]]),
    ]

    private func decide(
        _ run: RunCurve, _ others: [RunCurve], _ w: EarlyTermination.Wilcoxon = .init(),
        goal: SweepMetric.Goal = .minimize
    ) -> PruningDecision? {
        Pruner.decide(rule: .wilcoxon(w), goal: goal, run: run, others: others, step: 100)
    }

    @Test func stopsARunWorseOnEveryFoldThanTheBestRun() {
        // Differences 0.5, 0.25, 0.375, 0.125, 0.125: all positive → p = 1/32.
        let d = decide(run(9, [1.5, 1.375, 1.25, 1.375, 1.125], state: "running"), others)
        #expect(
            d
                == PruningDecision(
                    rule: "wilcoxon", step: 100,
                    reason: "pruned by wilcoxon at step 100: worse than run 1 on 5 of 5 folds at step 100 "
                        + "(one-sided Wilcoxon signed-rank p = 0.03125 < 0.1; 1.325 against 1.05)"))
    }

    @Test func theThresholdMustBeReachable() {
        let worse = run(9, [1.5, 1.375, 1.25, 1.375, 1.125])
        #expect(decide(worse, others, .init(pValue: 0.03)) == nil)  // 1/32 ≥ 0.03
        #expect(decide(worse, others, .init(pValue: 0.05)) != nil)
    }

    @Test func continuesWhenOneFoldIsClearlyBetter() {
        // Differences 0.5, 0.25, 0.375, 0.125, −0.25 → ranks 5, 2.5, 4, 1, −2.5: T⁺ = 12.5 → 4/32.
        #expect(decide(run(9, [1.5, 1.375, 1.25, 1.375, 0.75]), others) == nil)
    }

    @Test func neverStopsARunAtLeastAsGoodOnTheMetric() {
        // Ten folds: nine slightly worse, one much better. p = 47/1024 ≈ 0.046, but the mean is
        // better (1.1125 < 1.2): Optuna's "average is best" safety keeps it.
        let best = run(1, [1, 1, 1, 1, 1, 1, 1, 1, 1, 3])
        let folds = Array(repeating: 1.125, count: 9) + [1]
        #expect(WilcoxonSignedRank.pValueGreater(zip(folds, best.foldValues[100]!).map { $0 - $1 }) == 47.0 / 1024)
        #expect(decide(run(9, folds), [best]) == nil)
        // The same folds under a metric on which the run is worse (say, the worst fold) do stop.
        #expect(decide(run(9, folds, metric: 1.3), [best])?.reason.contains("on 9 of 10 folds") == true)
    }

    @Test func comparesWithTheBestRunAtThatStep() {
        // Worse than run 2 too, but run 1 (better at step 100) is the reference.
        let d = decide(run(9, [2, 2, 2, 2, 2]), others)
        #expect(d?.reason.contains("worse than run 1 on 5 of 5") == true)
    }

    @Test func dropsNonFiniteFolds() {
        // A diverged fold: four pairs left, all worse → p = 1/16.
        let d = decide(run(9, [1.5, 1.375, .nan, 1.375, 1.125], metric: 1.35), others)
        #expect(d?.reason.contains("on 4 of 4 folds at step 100 (one-sided Wilcoxon signed-rank p = 0.0625") == true)
    }

    @Test func continuesWithoutAComparableRun() {
        let worse = run(9, [1.5, 1.375, 1.25, 1.375, 1.125])
        #expect(decide(worse, []) == nil)
        // Runs without per-fold values, or that have not reached the step, do not count.
        let noFolds = RunCurve(number: 1, state: "finished", values: [100: 1.05])
        let behind = RunCurve(number: 3, state: "running", values: [50: 1], foldValues: [50: [1, 1, 1, 1, 1]])
        #expect(decide(worse, [noFolds, behind]) == nil)
    }

    @Test func respectsTheWarmUp() {
        var worse = run(9, [1.5, 1.375, 1.25, 1.375, 1.125])
        #expect(decide(worse, others, .init(minIter: 2)) == nil)
        worse.values[50] = 2
        #expect(decide(worse, others, .init(minIter: 2)) != nil)
    }

    @Test func prefersLargerValuesWhenMaximizing() {
        let best = RunCurve(
            number: 1, state: "finished", values: [100: 0.825], foldValues: [100: [0.875, 0.75, 0.875, 0.75, 0.875]])
        let worse = run(9, [0.5, 0.625, 0.5, 0.625, 0.75])
        #expect(decide(worse, [best], goal: .maximize)?.reason.contains("p = 0.03125 < 0.1; 0.6 against 0.825") == true)
        #expect(decide(worse, [best], goal: .minimize) == nil)
    }
}
