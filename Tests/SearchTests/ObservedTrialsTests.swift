import Core
import Testing

@testable import Search

@Suite struct ObservedTrialsTests {
    private let space = SearchSpace(SweepSpec(name: "t", parameters: ["x": .uniform(min: 0, max: 10)]))
    private func trial(_ x: Double, _ state: TrialState, _ metric: Double? = nil) -> Trial {
        Trial(config: ["x": .double(x)], state: state, metric: metric)
    }
    private var history: [Trial] {
        [
            trial(1, .finished, 3), trial(2, .finished, 5), trial(3, .failed), trial(4, .crashed, 1),
            trial(5, .running, 2), trial(6, .pruned, 7), trial(7, .stopped, 0), trial(8, .finished, .nan),
            Trial(config: ["y": .int(1)], state: .finished, metric: 0),
        ]
    }

    @Test func failedAndCrashedRunsTakeTheWorstValueByDefault() {
        let observed = ObservedTrials(history: history, space: space, metric: SweepMetric(name: "m"))
        #expect(observed.points == [[0.1], [0.2], [0.3], [0.4], [0.6], [0.8]])
        #expect(observed.values == [3, 5, 7, 7, 7, 7])
        #expect(observed.pending == [[0.5]])
        #expect(observed.ranking == [0, 1, 2, 3, 4, 5])
    }

    @Test func maximisingNegatesAndTheWorstIsTheSmallest() {
        let metric = SweepMetric(name: "m", goal: .maximize)
        let observed = ObservedTrials(history: history, space: space, metric: metric)
        #expect(observed.values == [-3, -5, -3, -3, -7, -3])
        #expect(observed.ranking.first == 4)
    }

    @Test func imputeLatestUsesTheRunsOwnValue() {
        let metric = SweepMetric(name: "m", impute: .latest, imputeWhileRunning: .latest)
        let observed = ObservedTrials(history: history, space: space, metric: metric)
        #expect(observed.points == [[0.1], [0.2], [0.3], [0.4], [0.5], [0.6], [0.8]])
        #expect(observed.values == [3, 5, 7, 1, 2, 7, 7])
        #expect(observed.pending.isEmpty)
    }

    @Test func imputeWhileRunningWorstObservesRunningRuns() {
        let metric = SweepMetric(name: "m", imputeWhileRunning: .worst)
        let observed = ObservedTrials(history: history, space: space, metric: metric)
        #expect(observed.values.count == 7 && observed.values[4] == 7 && observed.pending.isEmpty)
    }

    @Test func nothingIsImputedBeforeAnyRunHasAValue() {
        let observed = ObservedTrials(
            history: [trial(1, .failed), trial(2, .running), trial(3, .finished)], space: space,
            metric: SweepMetric(name: "m"))
        #expect(observed.count == 0 && observed.pending == [[0.2]])
    }
}
