import Core
import Ratings

/// A seeded random forest of regression trees on features scaled to [0, 1], with the
/// fANOVA decomposition of each tree's variance into per-feature main effects.
///
/// Source: Breiman, "Random Forests" (2001); Hutter, Hoos & Leyton-Brown, "An Efficient
/// Approach for Assessing Hyperparameter Importance" (ICML 2014), the fANOVA of a forest.
public struct RandomForest: Sendable {
    private let trees: [RegressionTree]
    private let features: Int

    /// Fits `treeCount` trees, each to a bootstrap sample of the rows.
    ///
    /// - Parameters:
    ///   - x: Rows of features, each in [0, 1] (scale them first).
    ///   - y: The target per row.
    ///   - maxSamples: The most rows a tree's bootstrap draws (scikit-learn's `max_samples`):
    ///     with more rows than this, each tree sees a bootstrap of `maxSamples` of them, so a
    ///     sweep of 10,000 runs costs a forest about what 2,000 runs cost. Fewer rows are drawn
    ///     `n` times, as usual.
    ///   - seed: Seeds the bootstraps and the feature subsets: the same inputs and seed give the
    ///     same forest on every platform.
    /// - Complexity: O(treeCount · features · m log m) for m = min(n, maxSamples).
    public init(
        x: [[Double]], y: [Double], treeCount: Int = 48, minLeaf: Int = 2, maxSamples: Int = 2000,
        seed: UInt64 = 0
    ) {
        precondition(x.count == y.count && !x.isEmpty, "a forest needs rows with a target each")
        features = x[0].count
        var rng = SeededGenerator(seed: seed, stream: "random-forest")
        let maxFeatures = max(1, (features * 5 + 5) / 6)
        var trees: [RegressionTree] = []
        let ranks = RegressionTree.ranks(of: x)
        for _ in 0..<treeCount {
            let sample = (0..<min(x.count, max(1, maxSamples))).map { _ in rng.nextIndex(below: x.count) }
            trees.append(
                RegressionTree(
                    x: x, y: y, sample: sample, maxFeatures: maxFeatures, minLeaf: minLeaf,
                    maxDepth: 20, ranks: ranks, using: &rng))
        }
        self.trees = trees
    }

    /// The forest's mean prediction at `point`.
    public func predict(_ point: [Double]) -> Double {
        trees.reduce(0) { $0 + $1.predict(point) } / Double(trees.count)
    }

    /// The fraction of each tree's variance (over the uniform unit cube) explained by each
    /// feature's main effect, averaged over the trees whose prediction varies.
    ///
    /// A tree is piecewise constant on boxes, so the marginal of feature j (the tree averaged
    /// over every other feature) is piecewise constant between the split points on j; its
    /// variance over j, divided by the tree's total variance, is j's importance.
    /// - Complexity: O(trees · features · L log L) for L leaves per tree.
    public func mainEffects() -> [Double] {
        var sums = [Double](repeating: 0, count: features)
        var used = 0
        for tree in trees {
            let leaves = tree.leaves(features: features)
            let volumes = leaves.map { leaf in
                zip(leaf.lower, leaf.upper).reduce(1.0) { $0 * max(0, $1.1 - $1.0) }
            }
            let mean = zip(leaves, volumes).reduce(0) { $0 + $1.0.value * $1.1 }
            let variance = zip(leaves, volumes).reduce(0) {
                $0 + $1.1 * ($1.0.value - mean) * ($1.0.value - mean)
            }
            guard variance > 1e-18 else { continue }
            used += 1
            for j in 0..<features {
                var cuts = Set<Double>([0, 1])
                for leaf in leaves {
                    cuts.insert(leaf.lower[j])
                    cuts.insert(leaf.upper[j])
                }
                let points = cuts.sorted()
                var delta = [Double](repeating: 0, count: points.count)
                for (leaf, volume) in zip(leaves, volumes) {
                    let width = leaf.upper[j] - leaf.lower[j]
                    guard width > 0 else { continue }
                    // The leaf's value times its volume in the other features.
                    let w = leaf.value * volume / width
                    delta[Self.index(of: leaf.lower[j], in: points)] += w
                    delta[Self.index(of: leaf.upper[j], in: points)] -= w
                }
                var marginal = 0.0
                var effect = 0.0
                for k in 0..<(points.count - 1) {
                    marginal += delta[k]
                    let d = marginal - mean
                    effect += (points[k + 1] - points[k]) * d * d
                }
                sums[j] += effect / variance
            }
        }
        return used == 0 ? sums : sums.map { $0 / Double(used) }
    }

    private static func index(of value: Double, in sorted: [Double]) -> Int {
        var lo = 0
        var hi = sorted.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
