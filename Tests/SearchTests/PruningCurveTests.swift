import Testing

@testable import Search

/// A curve logged at steps 0, `every`, 2·`every`, … with `values` in order.
func logged(_ values: [Double], every: Int = 50) -> [Int: Double] {
    Dictionary(uniqueKeysWithValues: values.enumerated().map { ($0.offset * every, $0.element) })
}

/// A run whose curve is `values` logged every `every` steps.
func curve(_ number: Int, _ values: [Double], every: Int = 50, state: String = "finished") -> RunCurve {
    RunCurve(number: number, state: state, values: logged(values, every: every))
}

@Suite struct PruningCurveTests {
    @Test func matchesTheLatestLoggedStepAtOrBeforeOnlyWhenTheRunGotThere() {
        let steps = [0, 75, 150]
        #expect(PruningTrack.match(steps, 0) == 0)
        #expect(PruningTrack.match(steps, 75) == 1)
        #expect(PruningTrack.match(steps, 100) == 1)
        #expect(PruningTrack.match(steps, 150) == 2)
        #expect(PruningTrack.match(steps, 151) == nil)
        #expect(PruningTrack.match([], 0) == nil)
        #expect(PruningTrack.match([50, 100], 10) == nil)
    }

    @Test func keepsFiniteValuesThroughTheStepAsLosses() {
        let values: [Int: Double] = [0: 3, 50: .nan, 100: 2, 150: 1]
        let min = PruningTrack(values, goal: .minimize, through: 120)
        #expect(min.steps == [0, 100] && min.losses == [3, 2] && min.best == 2)
        #expect(min.loss(at: 60) == 3 && min.loss(at: 101) == nil)
        let max = PruningTrack(values, goal: .maximize)
        #expect(max.losses == [-3, -2, -1] && max.best == -3)
    }

    @Test func ordinalsAndNumbersReadNaturally() {
        #expect(
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(Pruner.ordinal) == [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
            ])
        #expect(Pruner.format(1.2) == "1.2" && Pruner.format(0.03125) == "0.03125" && Pruner.format(2) == "2")
    }
}
