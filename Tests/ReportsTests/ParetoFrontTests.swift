import Testing

@testable import Reports

struct ParetoFrontTests {
    @Test func keepsOnlyNonDominatedRunsByIncreasingCost() {
        let points = [
            ParetoPoint(run: 1, metric: 0.95, cost: 10), ParetoPoint(run: 2, metric: 0.90, cost: 20),
            ParetoPoint(run: 3, metric: 0.92, cost: 30), ParetoPoint(run: 4, metric: 0.85, cost: 40),
            ParetoPoint(run: 5, metric: 0.97, cost: 5), ParetoPoint(run: 6, metric: 0.90, cost: 25),
        ]
        #expect(ParetoFront.front(points, minimizing: true).map(\.run) == [5, 1, 2, 4])
        // Maximizing: higher is better, so run 5's 0.97 at the lowest cost dominates all.
        #expect(ParetoFront.front(points, minimizing: false).map(\.run) == [5])
    }

    @Test func equalCostKeepsTheBetterMetric() {
        let points = [ParetoPoint(run: 1, metric: 0.9, cost: 1), ParetoPoint(run: 2, metric: 0.8, cost: 1)]
        #expect(ParetoFront.front(points, minimizing: true).map(\.run) == [2])
    }
}
