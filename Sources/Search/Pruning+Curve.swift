import Foundation

/// A run's finite logged values in step order, as losses (smaller is better whatever the goal).
struct PruningTrack {
    /// Logged steps, ascending.
    private(set) var steps: [Int] = []
    /// The value at each of ``steps``, negated when the goal is `maximize`.
    private(set) var losses: [Double] = []

    /// The finite values of `values` at steps ≤ `last`.
    init(_ values: [Int: Double], goal: SweepMetric.Goal, through last: Int = .max) {
        for (step, value) in values.sorted(by: { $0.key < $1.key }) where step <= last && value.isFinite {
            steps.append(step)
            losses.append(Self.loss(value, goal))
        }
    }

    /// The number of logged values (W&B's iterations).
    var count: Int { steps.count }

    /// The smallest loss so far (the best value), or nil before the first log.
    var best: Double? { losses.min() }

    /// The loss that stands for `step`: see ``index(at:)``.
    func loss(at step: Int) -> Double? { index(at: step).map { losses[$0] } }

    /// The index of the latest logged step ≤ `step`, if the run logged `step` or a later step
    /// (it got that far); nil otherwise.
    func index(at step: Int) -> Int? { Self.match(steps, step) }

    /// In ascending `steps`, the index of the latest one ≤ `step`, provided the last is ≥ `step`.
    /// - Complexity: O(log n).
    static func match(_ steps: [Int], _ step: Int) -> Int? {
        guard let last = steps.last, last >= step, steps[0] <= step else { return nil }
        var lo = 0  // steps[lo] <= step
        var hi = steps.count - 1  // invariant: the answer is in lo...hi
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if steps[mid] <= step { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// `value` as a loss under `goal`.
    static func loss(_ value: Double, _ goal: SweepMetric.Goal) -> Double { goal == .minimize ? value : -value }

    /// A loss back as the metric's value under `goal`.
    static func value(_ loss: Double, _ goal: SweepMetric.Goal) -> Double { goal == .minimize ? loss : -loss }
}

extension RunCurve {
    /// The per-fold values that stand for `step` (matched as ``PruningTrack/match(_:_:)``), as
    /// losses under `goal`.
    func foldLosses(at step: Int, goal: SweepMetric.Goal) -> [Double]? {
        let steps = foldValues.keys.sorted()
        return PruningTrack.match(steps, step).map { foldValues[steps[$0]]!.map { PruningTrack.loss($0, goal) } }
    }
}

extension Pruner {
    /// `value` with four significant digits, for reasons.
    static func format(_ value: Double) -> String { String(format: "%.4g", value) }

    /// `1st`, `2nd`, `3rd`, `4th`, … `11th`, `21st`.
    static func ordinal(_ n: Int) -> String {
        let suffix =
            switch (n % 10, n % 100) {
            case (_, 11...13): "th"
            case (1, _): "st"
            case (2, _): "nd"
            case (3, _): "rd"
            default: "th"
            }
        return "\(n)\(suffix)"
    }
}
