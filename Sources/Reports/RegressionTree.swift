import Core
import Ratings

/// A CART regression tree on features scaled to [0, 1]: axis-aligned splits chosen by the
/// largest drop in squared error, leaves predicting the mean of their samples.
///
/// Source: Breiman et al., *Classification and Regression Trees* (1984); the random feature
/// subset at each split is Breiman's random forest (2001).
struct RegressionTree: Sendable {
    /// A node: a split (`feature >= 0`) or a leaf (`feature == -1`) with its value.
    struct Node: Sendable {
        var feature: Int
        var threshold: Double
        var left: Int
        var right: Int
        var value: Double
    }

    /// Nodes; the root is node 0.
    private(set) var nodes: [Node] = []

    /// Fits a tree to rows `sample` (indices into `x`, repeats allowed as in a bootstrap).
    ///
    /// - Parameters:
    ///   - x: Rows of features, each in [0, 1].
    ///   - maxFeatures: How many features each split considers, drawn at random.
    ///   - minLeaf: The fewest samples a leaf may hold.
    /// - Complexity: O(depth · maxFeatures · n log n).
    init(
        x: [[Double]], y: [Double], sample: [Int], maxFeatures: Int, minLeaf: Int, maxDepth: Int,
        using rng: inout SeededGenerator
    ) {
        let features = x.first?.count ?? 0
        // Column-major copies: a split sorts by one feature, reading it contiguously.
        let columns = (0..<features).map { f in x.map { $0[f] } }
        _ = grow(
            x: columns, y: y, rows: sample, depth: 0, features: features, maxFeatures: maxFeatures,
            minLeaf: minLeaf, maxDepth: maxDepth, rng: &rng)
    }

    /// Grows the subtree of `rows`; `x` holds the features by column (`x[f][row]`).
    private mutating func grow(
        x: [[Double]], y: [Double], rows: [Int], depth: Int, features: Int, maxFeatures: Int,
        minLeaf: Int, maxDepth: Int, rng: inout SeededGenerator
    ) -> Int {
        let index = nodes.count
        let mean = rows.reduce(0) { $0 + y[$1] } / Double(rows.count)
        nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, value: mean))
        guard depth < maxDepth, rows.count >= 2 * minLeaf else { return index }
        // A random subset of the features (partial Fisher–Yates).
        var order = Array(0..<features)
        for i in 0..<min(maxFeatures, features) {
            let j = i + rng.nextIndex(below: features - i)
            order.swapAt(i, j)
        }
        var best: (gain: Double, feature: Int, threshold: Double) = (1e-12, -1, 0)
        let total = rows.reduce(0) { $0 + y[$1] }
        let totalSq = rows.reduce(0) { $0 + y[$1] * y[$1] }
        let n = Double(rows.count)
        let parentSSE = totalSq - total * total / n
        for f in order.prefix(maxFeatures) {
            let column = x[f]
            let sorted = column.withUnsafeBufferPointer { c in rows.sorted { c[$0] < c[$1] } }
            var leftSum = 0.0
            var leftSq = 0.0
            for k in 0..<(sorted.count - 1) {
                let v = y[sorted[k]]
                leftSum += v
                leftSq += v * v
                let nl = Double(k + 1)
                guard k + 1 >= minLeaf, sorted.count - k - 1 >= minLeaf else { continue }
                let a = column[sorted[k]]
                let b = column[sorted[k + 1]]
                guard a < b else { continue }
                let nr = n - nl
                let rightSum = total - leftSum
                let rightSq = totalSq - leftSq
                let sse = (leftSq - leftSum * leftSum / nl) + (rightSq - rightSum * rightSum / nr)
                let gain = parentSSE - sse
                if gain > best.gain { best = (gain, f, (a + b) / 2) }
            }
        }
        guard best.feature >= 0 else { return index }
        let split = x[best.feature]
        let leftRows = rows.filter { split[$0] < best.threshold }
        let rightRows = rows.filter { split[$0] >= best.threshold }
        let left = grow(
            x: x, y: y, rows: leftRows, depth: depth + 1, features: features,
            maxFeatures: maxFeatures, minLeaf: minLeaf, maxDepth: maxDepth, rng: &rng)
        let right = grow(
            x: x, y: y, rows: rightRows, depth: depth + 1, features: features,
            maxFeatures: maxFeatures, minLeaf: minLeaf, maxDepth: maxDepth, rng: &rng)
        nodes[index].feature = best.feature
        nodes[index].threshold = best.threshold
        nodes[index].left = left
        nodes[index].right = right
        return index
    }

    /// The tree's prediction at `point`.
    func predict(_ point: [Double]) -> Double {
        var i = 0
        while nodes[i].feature >= 0 {
            i = point[nodes[i].feature] < nodes[i].threshold ? nodes[i].left : nodes[i].right
        }
        return nodes[i].value
    }

    /// The leaves as boxes in the unit cube: per feature the `[lower, upper)` bounds, and the
    /// leaf's value.
    func leaves(features: Int) -> [(lower: [Double], upper: [Double], value: Double)] {
        var out: [(lower: [Double], upper: [Double], value: Double)] = []
        func walk(_ i: Int, _ lower: [Double], _ upper: [Double]) {
            let node = nodes[i]
            guard node.feature >= 0 else {
                out.append((lower, upper, node.value))
                return
            }
            var leftUpper = upper
            leftUpper[node.feature] = min(upper[node.feature], max(lower[node.feature], node.threshold))
            var rightLower = lower
            rightLower[node.feature] = max(lower[node.feature], min(upper[node.feature], node.threshold))
            walk(node.left, lower, leftUpper)
            walk(node.right, rightLower, upper)
        }
        if !nodes.isEmpty {
            walk(0, Array(repeating: 0, count: features), Array(repeating: 1, count: features))
        }
        return out
    }
}
