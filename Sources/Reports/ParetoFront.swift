/// A run placed on a (metric, cost) plane.
public struct ParetoPoint: Sendable, Equatable, Codable {
    /// The run's number.
    public var run: Int
    /// The sweep's metric.
    public var metric: Double
    /// What the run cost (training seconds, or model size in parameters).
    public var cost: Double

    /// A point.
    public init(run: Int, metric: Double, cost: Double) {
        self.run = run
        self.metric = metric
        self.cost = cost
    }
}

/// The non-dominated runs on (metric, cost): no other run is at least as good on both and
/// strictly better on one.
public enum ParetoFront {
    /// The front of `points`, by increasing cost (so the metric improves along it).
    ///
    /// - Parameter minimizing: Whether a smaller metric is better.
    /// - Complexity: O(n log n).
    public static func front(_ points: [ParetoPoint], minimizing: Bool) -> [ParetoPoint] {
        func better(_ a: Double, _ b: Double) -> Bool { minimizing ? a < b : a > b }
        let sorted = points.sorted {
            $0.cost != $1.cost
                ? $0.cost < $1.cost
                : $0.metric != $1.metric ? better($0.metric, $1.metric) : $0.run < $1.run
        }
        var out: [ParetoPoint] = []
        for p in sorted {
            if let last = out.last, !better(p.metric, last.metric) { continue }
            out.append(p)
        }
        return out
    }
}
