import Core

extension SyntheticRatings {
    /// The table of a spec with ``Popularity/zipf(exponent:)`` popularity S: MovieLens-like heavy
    /// tails, so that training meets realistic cache behaviour.
    ///
    /// - Items and users get popularity and activity ranks from a seeded permutation (rank 1
    ///   is not id 1).
    /// - User u of activity rank k rates n_u = min(M, c·k^−S) items, c chosen so that the
    ///   counts add up to users × items × density (the fraction is rounded up with its
    ///   probability; every user rates at least one item).
    /// - Each user's items are drawn without replacement, the item of popularity rank k with
    ///   weight k^−S. The weights are integers in a Fenwick tree, so a drawn item is taken out
    ///   and put back exactly, and a heavy user costs O(n_u log M) like any other.
    /// - Ratings are the same hidden signal as ``Popularity/uniform`` plus noise; an item left
    ///   without ratings gets one from a random user.
    ///
    /// Rows are grouped by user (users in id order, a user's items in draw order) with strictly
    /// increasing timestamps, like MovieLens's `ratings.csv`. Every user draws from a generator
    /// of its own, so the users are generated on all cores and the table does not depend on how
    /// many there are.
    ///
    /// - Complexity: O((N + M) · rank + ratings · (rank + log M)).
    static func generateZipf(_ spec: SyntheticSpec) -> RatingsTable {
        guard case .zipf(let exponent) = spec.popularity else { preconditionFailure("zipf popularity") }
        let n = spec.users
        let m = spec.items
        let signal = HiddenSignal(spec)
        var rankRNG = SeededGenerator(seed: spec.seed, stream: "synthetic.popularity")
        var itemRanks = Array(0..<m)
        rankRNG.shuffle(&itemRanks)
        var userRanks = Array(0..<n)
        rankRNG.shuffle(&userRanks)

        // Integer weights, at most 2⁶² in total, so that draws are exact.
        let top = Double(UInt64(1) << 62) / Double(m)
        let itemWeights = itemRanks.map { rank in
            UInt64(max(1, (top * PortableMath.exp(-exponent * PortableMath.log(Double(rank + 1)))).rounded(.down)))
        }
        let activity = userRanks.map { rank in PortableMath.exp(-exponent * PortableMath.log(Double(rank + 1))) }
        let counts = userCounts(activity: activity, items: m, expected: Double(n) * Double(m) * spec.density, spec)
        var starts = [Int](repeating: 0, count: n + 1)
        for u in 0..<n { starts[u + 1] = starts[u] + counts[u] }
        let drawn = starts[n]
        let tree = FenwickTree(itemWeights)

        // Users in fixed blocks of about equal numbers of ratings; each block fills its rows.
        let blocks = 256
        var blockStarts = [0]
        for u in 0..<n where starts[u + 1] * blocks / max(drawn, 1) > blockStarts.count - 1 {
            blockStarts.append(u + 1)
        }
        if blockStarts.last != n { blockStarts.append(n) }
        var users = [Int32](repeating: 0, count: drawn)
        var items = [Int32](repeating: 0, count: drawn)
        var ratings = [Float](repeating: 0, count: drawn)
        var timestamps = [Int64](repeating: 0, count: drawn)
        let base: Int64 = 1_000_000_000
        users.withUnsafeMutableBufferPointer { usersOut in
            items.withUnsafeMutableBufferPointer { itemsOut in
                ratings.withUnsafeMutableBufferPointer { ratingsOut in
                    timestamps.withUnsafeMutableBufferPointer { timesOut in
                        let out = (
                            SharedPointer(base: usersOut.baseAddress!), SharedPointer(base: itemsOut.baseAddress!),
                            SharedPointer(base: ratingsOut.baseAddress!), SharedPointer(base: timesOut.baseAddress!)
                        )
                        let blockBounds = blockStarts
                        let rowStarts = starts
                        ParallelChunks.run(blockBounds.count - 1) { block in
                            var local = tree
                            var taken: [Int] = []
                            for u in blockBounds[block]..<blockBounds[block + 1] {
                                var rng = SeededGenerator(seed: spec.seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(u + 1))
                                taken.removeAll(keepingCapacity: true)
                                for row in rowStarts[u]..<rowStarts[u + 1] {
                                    let item = local.take(below: rng.nextIndex(below: Int(local.total)))
                                    taken.append(item)
                                    out.0.base[row] = Int32(u)
                                    out.1.base[row] = Int32(item)
                                    out.2.base[row] = signal.rating(user: u, item: item, noise: rng.nextNormal())
                                    out.3.base[row] = base + 60 * Int64(row) + Int64(rng.nextIndex(below: 60))
                                }
                                for item in taken { local.putBack(item) }
                            }
                        }
                    }
                }
            }
        }

        // An item nobody drew gets one rating from a random user.
        var rated = [Bool](repeating: false, count: m)
        for item in items { rated[Int(item)] = true }
        var fillRNG = SeededGenerator(seed: spec.seed, stream: "synthetic.unrated")
        for item in 0..<m where !rated[item] {
            let u = fillRNG.nextIndex(below: n)
            users.append(Int32(u))
            items.append(Int32(item))
            ratings.append(signal.rating(user: u, item: item, noise: fillRNG.nextNormal()))
            timestamps.append(base + 60 * Int64(timestamps.count) + Int64(fillRNG.nextIndex(below: 60)))
        }
        return RatingsTable(
            users: users, items: items, ratings: ratings, timestamps: timestamps,
            userIDs: IDMap(rawIDs: (1...n).map(String.init)), itemIDs: IDMap(rawIDs: (1...m).map(String.init)))
    }

    /// Each user's number of ratings: min(`items`, c·activity) with c found by bisection so
    /// that they add up to `expected`, the fraction rounded up with its probability, and at
    /// least 1.
    private static func userCounts(activity: [Double], items m: Int, expected: Double, _ spec: SyntheticSpec) -> [Int] {
        let cap = Double(m)
        func total(_ c: Double) -> Double { activity.reduce(0) { $0 + min(cap, c * $1) } }
        var lo = 0.0
        var hi = cap / (activity.min() ?? 1)
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if total(mid) < expected { lo = mid } else { hi = mid }
        }
        var rng = SeededGenerator(seed: spec.seed, stream: "synthetic.counts")
        return activity.map { a in
            let x = min(cap, hi * a)
            let whole = x.rounded(.down)
            let count = Int(whole) + (rng.nextUnit() < x - whole ? 1 : 0)
            return min(m, max(1, count))
        }
    }
}

/// Item weights in a Fenwick (binary indexed) tree: draws by weight, and items taken out and
/// put back, in O(log M) each.
struct FenwickTree: Sendable {
    /// `tree[k]` (1-based) sums the weights of items (k − lowbit(k), k].
    private var tree: [UInt64]
    /// Each item's weight while it is in.
    private let weights: [UInt64]
    /// The weight of the items in.
    private(set) var total: UInt64
    private let topBit: Int

    /// A tree holding every item, item i with `weights[i]` (the total must fit 63 bits).
    init(_ weights: [UInt64]) {
        self.weights = weights
        var tree = [UInt64](repeating: 0, count: weights.count + 1)
        for (i, w) in weights.enumerated() {
            let k = i + 1
            tree[k] &+= w
            let parent = k + (k & -k)
            if parent <= weights.count { tree[parent] &+= tree[k] }
        }
        self.tree = tree
        total = weights.reduce(0, &+)
        var bit = 1
        while bit * 2 <= weights.count { bit *= 2 }
        topBit = weights.isEmpty ? 0 : bit
    }

    /// The item whose weight interval holds `x` (0 ≤ x < ``total``), taken out.
    mutating func take(below x: Int) -> Int {
        var position = 0
        var rest = UInt64(x)
        var bit = topBit
        tree.withUnsafeBufferPointer { t in
            while bit > 0 {
                let next = position + bit
                if next < t.count && t[next] <= rest {
                    position = next
                    rest -= t[next]
                }
                bit >>= 1
            }
        }
        add(position, 0 &- weights[position])
        return position
    }

    /// Puts a taken item back.
    mutating func putBack(_ item: Int) { add(item, weights[item]) }

    private mutating func add(_ item: Int, _ delta: UInt64) {
        total &+= delta
        var k = item + 1
        tree.withUnsafeMutableBufferPointer { t in
            while k < t.count {
                t[k] &+= delta
                k += k & -k
            }
        }
    }
}
