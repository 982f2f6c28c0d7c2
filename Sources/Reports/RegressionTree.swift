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
    /// Each feature's order of the sample is sorted once; a split partitions every order stably
    /// into its two children, so a node's order is its parent's order filtered, exactly the
    /// stable sort of its rows, and no node sorts.
    ///
    /// - Parameters:
    ///   - x: Rows of features, each in [0, 1].
    ///   - maxFeatures: How many features each split considers, drawn at random.
    ///   - minLeaf: The fewest samples a leaf may hold.
    ///   - ranks: Per feature, each row's rank among the feature's distinct values
    ///     (``ranks(of:)``); a forest computes them once for all its trees.
    /// - Complexity: O(features · n log n + depth · features · n).
    init(
        x: [[Double]], y: [Double], sample: [Int], maxFeatures: Int, minLeaf: Int, maxDepth: Int,
        ranks: Ranks? = nil, using rng: inout SeededGenerator
    ) {
        let features = x.first?.count ?? 0
        var grower = Grower(x: x, y: y, sample: sample, ranks: ranks ?? Self.ranks(of: x))
        _ = grow(
            &grower, lo: 0, hi: sample.count, depth: 0, features: features, maxFeatures: maxFeatures,
            minLeaf: minLeaf, maxDepth: maxDepth, rng: &rng)
    }

    /// Per feature, each row's rank among the feature's distinct values (`rank[f][row]`), and
    /// how many distinct values the feature has.
    struct Ranks: Sendable {
        var rank: [[Int32]]
        var distinct: [Int]
    }

    /// The dense ranks of every feature of `x`: equal values share a rank.
    static func ranks(of x: [[Double]]) -> Ranks {
        let features = x.first?.count ?? 0
        var out = Ranks(rank: [], distinct: [])
        for f in 0..<features {
            let order = x.indices.sorted { x[$0][f] < x[$1][f] }
            var rank = [Int32](repeating: 0, count: x.count)
            var r: Int32 = -1
            var previous = -Double.infinity
            for (k, row) in order.enumerated() {
                let v = x[row][f]
                if k == 0 || previous < v { r += 1 }
                previous = v
                rank[row] = r
            }
            out.rank.append(rank)
            out.distinct.append(Int(r) + 1)
        }
        return out
    }

    /// The sample's features and targets by position, and per feature the positions in
    /// ascending order of that feature (ties in sample order), partitioned node by node: a node
    /// owns the range `lo..<hi` of every order, and of `natural` (its positions in sample
    /// order).
    private struct Grower {
        /// `columns[f][p]`: feature `f` of the sample's `p`th row.
        let columns: [[Double]]
        /// The target of the sample's `p`th row.
        let y: [Double]
        /// Per feature, positions sorted by the feature, stably.
        var orders: [[Int32]]
        /// Positions in sample order.
        var natural: [Int32]
        /// Which positions go left at the split being made.
        var goesLeft: [Bool]
        var scratch: [Int32]

        init(x: [[Double]], y: [Double], sample: [Int], ranks: Ranks) {
            let features = x.first?.count ?? 0
            columns = (0..<features).map { f in sample.map { x[$0][f] } }
            self.y = sample.map { y[$0] }
            natural = (0..<Int32(sample.count)).map { $0 }
            // A counting sort of the positions by rank: stable, so ties stay in sample order.
            orders = (0..<features).map { f in
                let rank = ranks.rank[f]
                var start = [Int](repeating: 0, count: ranks.distinct[f] + 1)
                for row in sample { start[Int(rank[row]) + 1] += 1 }
                for r in 0..<ranks.distinct[f] { start[r + 1] += start[r] }
                var order = [Int32](repeating: 0, count: sample.count)
                for (p, row) in sample.enumerated() {
                    let r = Int(rank[row])
                    order[start[r]] = Int32(p)
                    start[r] += 1
                }
                return order
            }
            goesLeft = Array(repeating: false, count: sample.count)
            scratch = Array(repeating: 0, count: sample.count)
        }

        /// Partitions positions `lo..<hi` of every order and of `natural` stably: the
        /// positions going left first.
        mutating func partition(lo: Int, hi: Int) {
            for f in orders.indices {
                var order = orders[f]
                orders[f] = []
                partition(&order, lo: lo, hi: hi)
                orders[f] = order
            }
            var order = natural
            natural = []
            partition(&order, lo: lo, hi: hi)
            natural = order
        }

        private mutating func partition(_ order: inout [Int32], lo: Int, hi: Int) {
            var left = lo
            var right = 0
            for k in lo..<hi {
                let p = order[k]
                if goesLeft[Int(p)] {
                    order[left] = p
                    left += 1
                } else {
                    scratch[right] = p
                    right += 1
                }
            }
            for k in 0..<right { order[left + k] = scratch[k] }
        }
    }

    /// Grows the subtree of the positions `lo..<hi` of `g`'s orders.
    private mutating func grow(
        _ g: inout Grower, lo: Int, hi: Int, depth: Int, features: Int, maxFeatures: Int,
        minLeaf: Int, maxDepth: Int, rng: inout SeededGenerator
    ) -> Int {
        let index = nodes.count
        let count = hi - lo
        // Sums in sample order, as a node's rows were always summed.
        var total = 0.0
        var totalSq = 0.0
        for k in lo..<hi {
            let v = g.y[Int(g.natural[k])]
            total += v
            totalSq += v * v
        }
        nodes.append(Node(feature: -1, threshold: 0, left: -1, right: -1, value: total / Double(count)))
        guard depth < maxDepth, count >= 2 * minLeaf else { return index }
        // A random subset of the features (partial Fisher–Yates).
        var chosen = Array(0..<features)
        for i in 0..<min(maxFeatures, features) {
            let j = i + rng.nextIndex(below: features - i)
            chosen.swapAt(i, j)
        }
        var best: (gain: Double, feature: Int, threshold: Double) = (1e-12, -1, 0)
        let n = Double(count)
        let parentSSE = totalSq - total * total / n
        for f in chosen.prefix(maxFeatures) {
            g.columns[f].withUnsafeBufferPointer { column in
                g.y.withUnsafeBufferPointer { y in
                    g.orders[f].withUnsafeBufferPointer { order in
                        var leftSum = 0.0
                        var leftSq = 0.0
                        for k in 0..<(count - 1) {
                            let p = Int(order[lo + k])
                            let v = y[p]
                            leftSum += v
                            leftSq += v * v
                            let nl = Double(k + 1)
                            guard k + 1 >= minLeaf, count - k - 1 >= minLeaf else { continue }
                            let a = column[p]
                            let b = column[Int(order[lo + k + 1])]
                            guard a < b else { continue }
                            let nr = n - nl
                            let rightSum = total - leftSum
                            let rightSq = totalSq - leftSq
                            let sse = (leftSq - leftSum * leftSum / nl) + (rightSq - rightSum * rightSum / nr)
                            let gain = parentSSE - sse
                            if gain > best.gain { best = (gain, f, (a + b) / 2) }
                        }
                    }
                }
            }
        }
        guard best.feature >= 0 else { return index }
        var leftCount = 0
        for k in lo..<hi {
            let p = Int(g.natural[k])
            let left = g.columns[best.feature][p] < best.threshold
            g.goesLeft[p] = left
            if left { leftCount += 1 }
        }
        g.partition(lo: lo, hi: hi)
        let left = grow(
            &g, lo: lo, hi: lo + leftCount, depth: depth + 1, features: features,
            maxFeatures: maxFeatures, minLeaf: minLeaf, maxDepth: maxDepth, rng: &rng)
        let right = grow(
            &g, lo: lo + leftCount, hi: hi, depth: depth + 1, features: features,
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
