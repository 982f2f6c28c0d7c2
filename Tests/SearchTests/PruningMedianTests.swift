import Testing

@testable import Search

@Suite struct PruningMedianTests {
    /// Five finished runs logged at steps 0, 100, 200, at 1.0 … 1.4 at step 200 (median 1.2).
    private let five = [1.0, 1.1, 1.2, 1.3, 1.4].enumerated().map {
        curve($0.offset + 1, [2, 1.5, $0.element], every: 100)
    }

    private func decide(
        _ values: [Double], _ others: [RunCurve], minIter: Int? = nil, goal: SweepMetric.Goal = .minimize,
        step: Int = 200
    ) -> PruningDecision? {
        Pruner.decide(
            rule: .median(minIter: minIter), goal: goal, run: curve(9, values, every: 100, state: "running"),
            others: others, step: step)
    }

    @Test func stopsARunWorseThanTheMedianAtTheSameStep() {
        #expect(
            decide([2, 1.5, 1.25], five)
                == PruningDecision(
                    rule: "median", step: 200,
                    reason: "pruned by median at step 200: its best value so far, 1.25, is worse than 1.2, "
                        + "the median of 5 other runs at step 200"))
    }

    @Test func continuesAtOrBelowTheMedian() {
        #expect(decide([2, 1.5, 1.2], five) == nil)
        #expect(decide([2, 1.5, 1.0], five) == nil)
    }

    @Test func judgesTheBestValueSoFarAsOptuna() {
        // 1.3 now, but 1.15 at step 100 is better than the median at step 200.
        #expect(decide([2, 1.15, 1.3], five) == nil)
    }

    @Test func averagesTheMiddleTwoOfAnEvenCount() {
        let six = five + [curve(6, [2, 1.5, 1.5], every: 100)]  // median (1.2 + 1.3) / 2 = 1.25
        #expect(decide([2, 1.5, 1.25], six) == nil)
        #expect(decide([2, 1.5, 1.26], six)?.reason.contains("worse than 1.25, the median of 6 other runs") == true)
    }

    @Test func respectsTheWarmUp() {
        // min_iter counts logged values: the run has logged 3 by step 200.
        #expect(decide([2, 1.5, 1.25], five, minIter: 4) == nil)
        #expect(decide([2, 1.5, 1.25], five, minIter: 3) != nil)
        // Without min_iter the first logged value is already compared (all others at 2 there).
        let first = decide([2.5], five, step: 0)
        #expect(first?.reason.contains("worse than 2, the median of 5 other runs at step 0") == true)
        #expect(decide([2.5], five, minIter: 2, step: 0) == nil)
    }

    @Test func continuesWithTooFewComparableRuns() {
        #expect(Pruner.medianMinimumOthers == 5)
        #expect(decide([2, 1.5, 9], Array(five.prefix(4))) == nil)
        // A run still at step 100 has no value at step 200.
        let behind = Array(five.prefix(4)) + [curve(5, [2, 1.5], every: 100, state: "running")]
        #expect(decide([2, 1.5, 9], behind) == nil)
        // The run's own curve among the others is skipped.
        #expect(decide([2, 1.5, 9], Array(five.prefix(4)) + [curve(9, [2, 1.5, 0.1], every: 100)]) == nil)
    }

    @Test func countsRunsInAnyState() {
        let mixed = five.enumerated().map { i, run in
            var r = run
            r.state = ["running", "pruned", "failed", "finished", "stopped"][i]
            return r
        }
        #expect(decide([2, 1.5, 1.25], mixed) != nil)
    }

    @Test func prefersLargerValuesWhenMaximizing() {
        let accuracies = [0.9, 0.8, 0.7, 0.6, 0.5].enumerated().map {
            curve($0.offset + 1, [0.1, 0.3, $0.element], every: 100)
        }
        let d = decide([0.1, 0.3, 0.65], accuracies, goal: .maximize)
        #expect(d?.reason.contains("0.65, is worse than 0.7, the median") == true)
        #expect(decide([0.1, 0.3, 0.7], accuracies, goal: .maximize) == nil)
        // Its best so far (0.75 at step 100) is above the median.
        #expect(decide([0.1, 0.75, 0.6], accuracies, goal: .maximize) == nil)
    }
}
