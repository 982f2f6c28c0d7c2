import Core
import Testing

@testable import Reports

/// The tree partitions presorted orders instead of sorting at every node; it must choose
/// exactly the splits of the plain algorithm (sort a node's rows by each feature), ties,
/// bootstrap repeats and all.
struct RegressionTreeTests {
    /// The plain CART grower: a node sorts its rows (in sample order, stably) by each chosen
    /// feature and scans the cuts; children filter the rows.
    struct Reference {
        var nodes: [RegressionTree.Node] = []

        mutating func grow(
            x: [[Double]], y: [Double], rows: [Int], depth: Int, maxFeatures: Int, minLeaf: Int,
            rng: inout SeededGenerator
        ) -> Int {
            let features = x[0].count
            let index = nodes.count
            let total = rows.reduce(0) { $0 + y[$1] }
            let totalSq = rows.reduce(0) { $0 + y[$1] * y[$1] }
            nodes.append(.init(feature: -1, threshold: 0, left: -1, right: -1, value: total / Double(rows.count)))
            guard depth < 20, rows.count >= 2 * minLeaf else { return index }
            var order = Array(0..<features)
            for i in 0..<min(maxFeatures, features) { order.swapAt(i, i + rng.nextIndex(below: features - i)) }
            var best: (gain: Double, feature: Int, threshold: Double) = (1e-12, -1, 0)
            let n = Double(rows.count)
            for f in order.prefix(maxFeatures) {
                let sorted = rows.sorted { x[$0][f] < x[$1][f] }
                var leftSum = 0.0
                var leftSq = 0.0
                for k in 0..<(sorted.count - 1) {
                    leftSum += y[sorted[k]]
                    leftSq += y[sorted[k]] * y[sorted[k]]
                    let nl = Double(k + 1)
                    guard k + 1 >= minLeaf, sorted.count - k - 1 >= minLeaf else { continue }
                    let a = x[sorted[k]][f]
                    let b = x[sorted[k + 1]][f]
                    guard a < b else { continue }
                    let sse =
                        (leftSq - leftSum * leftSum / nl)
                        + ((totalSq - leftSq) - (total - leftSum) * (total - leftSum) / (n - nl))
                    let gain = (totalSq - total * total / n) - sse
                    if gain > best.gain { best = (gain, f, (a + b) / 2) }
                }
            }
            guard best.feature >= 0 else { return index }
            let left = grow(
                x: x, y: y, rows: rows.filter { x[$0][best.feature] < best.threshold }, depth: depth + 1,
                maxFeatures: maxFeatures, minLeaf: minLeaf, rng: &rng)
            let right = grow(
                x: x, y: y, rows: rows.filter { x[$0][best.feature] >= best.threshold }, depth: depth + 1,
                maxFeatures: maxFeatures, minLeaf: minLeaf, rng: &rng)
            nodes[index].feature = best.feature
            nodes[index].threshold = best.threshold
            nodes[index].left = left
            nodes[index].right = right
            return index
        }
    }

    @Test(arguments: [(200, 3, 0), (500, 5, 1), (64, 2, 2), (1000, 4, 3)])
    func choosesTheSplitsOfSortingAtEveryNode(rows count: Int, features: Int, seed: UInt64) {
        var data = SeededGenerator(seed: seed, stream: "tree-test")
        // Coarse grids make many ties; the target mixes a step, a slope and noise.
        let x = (0..<count).map { _ in
            (0..<features).map { f in Double(data.nextIndex(below: f == 0 ? 5 : 40)) / Double(f == 0 ? 4 : 39) }
        }
        let y = x.map { row in
            (row[0] > 0.5 ? 1.0 : 0.0) + 0.5 * row[1] + Double(data.nextIndex(below: 1000)) / 4000
        }
        let sample = (0..<count).map { _ in data.nextIndex(below: count) }
        for (maxFeatures, minLeaf) in [(features, 2), (max(1, features - 1), 1), (1, 5)] {
            var rng = SeededGenerator(seed: seed, stream: "tree")
            let tree = RegressionTree(
                x: x, y: y, sample: sample, maxFeatures: maxFeatures, minLeaf: minLeaf, maxDepth: 20, using: &rng)
            var reference = Reference()
            var referenceRNG = SeededGenerator(seed: seed, stream: "tree")
            _ = reference.grow(
                x: x, y: y, rows: sample, depth: 0, maxFeatures: maxFeatures, minLeaf: minLeaf, rng: &referenceRNG)
            #expect(tree.nodes.count == reference.nodes.count)
            #expect(tree.nodes.count > 9)
            for (a, b) in zip(tree.nodes, reference.nodes) {
                #expect(
                    a.feature == b.feature && a.threshold == b.threshold && a.left == b.left && a.right == b.right
                        && a.value == b.value)
            }
            #expect(rng.next() == referenceRNG.next())
        }
    }
}
