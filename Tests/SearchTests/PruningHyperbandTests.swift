import Testing

@testable import Search

@Suite struct PruningHyperbandTests {
    typealias H = EarlyTermination.Hyperband

    // MARK: brackets

    @Test func countsBracketsDownFromMaxIter() {
        #expect(Pruner.hyperbandBrackets(H(maxIter: 27, s: 2, eta: 3), through: 100) == [3, 9])
        #expect(Pruner.hyperbandBrackets(H(maxIter: 81, s: 3, eta: 3), through: 100) == [3, 9, 27])
        // W&B's docstring example: 5/2 = 2.5 → 2, 1.25 → 1.
        #expect(Pruner.hyperbandBrackets(H(maxIter: 5, s: 2, eta: 2), through: 100) == [1, 2])
        // 10/3 → 3, 10/9 → 1, 10/27 < 1 stops before s runs out.
        #expect(Pruner.hyperbandBrackets(H(maxIter: 10, s: 5, eta: 3), through: 100) == [1, 3])
        // Without s: down to 1, or to min_iter.
        #expect(Pruner.hyperbandBrackets(H(maxIter: 27, eta: 3), through: 100) == [1, 3, 9])
        #expect(Pruner.hyperbandBrackets(H(minIter: 3, maxIter: 27, eta: 3), through: 100) == [3, 9])
        // Only the brackets reached so far.
        #expect(Pruner.hyperbandBrackets(H(maxIter: 81, s: 3, eta: 3), through: 8) == [3])
    }

    @Test func multipliesBracketsUpFromMinIter() {
        #expect(Pruner.hyperbandBrackets(H(minIter: 3, eta: 3), through: 100) == [3, 9, 27, 81])
        #expect(Pruner.hyperbandBrackets(H(minIter: 1, eta: 2), through: 10) == [1, 2, 4, 8])
        // 2, 3, 4.5, 6.75, 10.125, 15.1875 truncated; 22.78 is past 20.
        #expect(Pruner.hyperbandBrackets(H(minIter: 2, eta: 1.5), through: 20) == [2, 3, 4, 6, 10, 15])
        #expect(Pruner.hyperbandBrackets(H(minIter: 3, eta: 3), through: 2) == [])
    }

    // MARK: decisions (min_iter 3, η 3: the first bracket is the 3rd logged value, step 100)

    private let h = H(minIter: 3, eta: 3)
    /// Four finished runs at 1.0, 1.2, 1.4 and 1.6 at step 100.
    private let four = [1.0, 1.2, 1.4, 1.6].enumerated().map { curve($0.offset + 1, [3, 2, $0.element]) }

    private func decide(
        _ h: H, _ values: [Double], _ others: [RunCurve], goal: SweepMetric.Goal = .minimize, step: Int
    ) -> PruningDecision? {
        Pruner.decide(
            rule: .hyperband(h), goal: goal, run: curve(9, values, state: "running"), others: others, step: step)
    }

    @Test func stopsARunOutsideTheTopAtTheFirstBracket() {
        // Five runs at step 100: [1.0, 1.2, 1.4, 1.6, 2.0]; rank ⌊5/3⌋ = 1 → threshold 1.2.
        let d = decide(h, [3, 2.5, 2.0], four, step: 100)
        #expect(
            d
                == PruningDecision(
                    rule: "hyperband", step: 100,
                    reason: "pruned by hyperband at step 100: its best value so far, 2, is worse than 1.2, "
                        + "the 2nd best of 5 runs at bracket 3 (step 100); η = 3 keeps the best 2"))
    }

    @Test func continuesBeforeTheFirstBracket() {
        #expect(decide(h, [3, 2.5], four, step: 50) == nil)
    }

    @Test func keepsARunTiedWithTheThreshold() {
        // [1.0, 1.1, 1.2, 1.4, 1.6] → threshold 1.1, the run's own value.
        #expect(decide(h, [3, 2.5, 1.1], four, step: 100) == nil)
        // [1.0, 1.2, 1.2, 1.4, 1.6] → threshold 1.2, equal to the run's.
        #expect(decide(h, [3, 2.5, 1.2], four, step: 100) == nil)
        #expect(decide(h, [3, 2.5, 1.21], four, step: 100) != nil)
    }

    @Test func continuesWithTooFewComparableRuns() {
        #expect(Pruner.hyperbandMinimumOthers == 3)
        #expect(decide(h, [3, 2.5, 9], Array(four.prefix(2)), step: 100) == nil)
        #expect(decide(h, [3, 2.5, 9], Array(four.prefix(3)), step: 100) != nil)
    }

    @Test func countsOnlyRunsThatReachedTheBracket() {
        // Two runs are still at step 50: only two comparable runs remain.
        let behind = [curve(3, [3, 2], state: "running"), curve(4, [3, 2], state: "running")]
        #expect(decide(h, [3, 2.5, 9], Array(four.prefix(2)) + behind, step: 100) == nil)
        // The run itself is never its own peer.
        #expect(decide(h, [3, 2.5, 9], Array(four.prefix(2)) + [curve(9, [3, 2, 0.1])], step: 100) == nil)
    }

    @Test func matchesOtherRunsAtTheNearestEarlierLoggedStep() {
        // Others log every 75 steps: at step 100 their values at step 75 count (1.0 … 1.6),
        // not those at 150.
        let others = [1.0, 1.2, 1.4, 1.6].enumerated().map {
            curve($0.offset + 1, [3, $0.element, 0.5], every: 75)
        }
        let d = decide(h, [3, 2.5, 2.0], others, step: 100)
        #expect(d?.reason.contains("is worse than 1.2, the 2nd best of 5 runs") == true, "\(String(describing: d))")
        // A run that only got to step 75 has no value at step 100: four runs are ranked, not five.
        let short = others.prefix(3) + [curve(4, [3, 1.6], every: 75, state: "running")]
        #expect(decide(h, [3, 2.5, 2.0], Array(short), step: 100)?.reason.contains("of 4 runs") == true)
    }

    @Test func strictJudgesTheValueAtTheBracketNotTheBestSoFar() {
        // At step 150 the last bracket passed is still 3 (step 100), where the run had 1.5:
        // [1.0, 1.2, 1.4, 1.5, 1.6] → threshold 1.2. Its best so far, 1.0, passes.
        let run = [3, 2.5, 1.5, 1.0]
        #expect(decide(h, run, four, step: 150) == nil)
        var strict = h
        strict.strict = true
        #expect(
            decide(strict, run, four, step: 150)?.reason
                == "pruned by hyperband at step 150: its value at bracket 3 (step 100), 1.5, is worse than 1.2, "
                + "the 2nd best of 5 runs there; η = 3 keeps the best 2")
    }

    @Test func ranksLargerValuesFirstWhenMaximizing() {
        let others = [0.9, 0.8, 0.7, 0.6].enumerated().map { curve($0.offset + 1, [0.1, 0.3, $0.element]) }
        // [0.9, 0.8, 0.7, 0.6, 0.5] → threshold 0.8.
        let d = decide(h, [0.1, 0.3, 0.5], others, goal: .maximize, step: 100)
        #expect(d?.reason.contains("its best value so far, 0.5, is worse than 0.8, the 2nd best") == true)
        #expect(decide(h, [0.1, 0.3, 0.85], others, goal: .maximize, step: 100) == nil)
    }

    @Test func reproducesWandBsDocstringExample() {
        // wandb/sweeps hyperband_stop_runs: max_iter 5, η 2, s 2 → brackets [1, 2]; only b stops.
        let h = H(maxIter: 5, s: 2, eta: 2)
        let runs = [
            curve(1, [10, 9]), curve(2, [10, 10], state: "running"), curve(3, [10, 8, 8], state: "running"),
            curve(4, [10, 7, 7], state: "running"), curve(5, [10, 6, 6]),
        ]
        // W&B judges running runs only; the agent asks about its own, running run.
        let stopped = runs.filter { $0.state == "running" }.filter { run in
            Pruner.decide(
                rule: .hyperband(h), goal: .minimize, run: run, others: runs,
                step: run.values.keys.max()!) != nil
        }
        #expect(stopped.map(\.number) == [2])
    }

    @Test func checksAgainLaterWhenMoreRunsReachTheBracket() {
        // η = 2. At step 150 (past bracket 3) the run is judged against everyone at step 100 now:
        // [1.0, 1.2, 1.3, 1.4] → rank ⌊4/2⌋ = 2 → threshold 1.3, its own value: kept.
        let h2 = H(minIter: 3, eta: 2)
        let three = Array(four.prefix(3))
        #expect(decide(h2, [3, 2, 1.3, 1.3], three, step: 150) == nil)
        // Two better runs arrive: [0.5, 0.6, 1.0, 1.2, 1.3, 1.4] → rank 3 → threshold 1.2: stopped.
        let more = three + [curve(5, [3, 2, 0.5]), curve(6, [3, 2, 0.6])]
        #expect(decide(h2, [3, 2, 1.3, 1.3], more, step: 150)?.step == 150)
    }
}
