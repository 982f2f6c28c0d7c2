public import Core

/// A deterministic synthetic ratings generator with a known low-rank structure, for tests,
/// benchmarks and sanity checks of the trainer.
///
/// For user `u` and item `i`:
/// ```
/// r_ui = mean + b_u + c_i + √rank · ⟨P_u, Q_i⟩ + ε
/// P, Q entries ~ Normal(0, 1/√rank)   (so the scaled signal has standard deviation ≈ 1)
/// b_u ~ Normal(0, user_bias), c_i ~ Normal(0, item_bias), ε ~ Normal(0, noise)
/// ```
/// With ``Popularity/uniform``, each entry is observed with probability `density` (drawn by
/// geometric skips, so the cost is proportional to the ratings made, not to N·M); a user or item
/// left without ratings gets one at a random item or user. Rows come in a seeded random order
/// with strictly increasing timestamps, and raw ids are `"1"…"N"` and `"1"…"M"` (dense index + 1).
///
/// With ``Popularity/zipf(exponent:)``, popularity and activity are heavy-tailed instead; see
/// ``generateZipf(_:)``.
public enum SyntheticRatings {
    /// The table for `spec`; the same spec always gives the identical table.
    ///
    /// - Precondition: `spec.validate()` does not throw.
    /// - Complexity: O((N + M) · rank + ratings · rank).
    public static func generate(_ spec: SyntheticSpec) -> RatingsTable {
        precondition((try? spec.validate()) != nil, "invalid synthetic spec; call validate() first")
        let n = spec.users
        let m = spec.items
        guard case .uniform = spec.popularity else { return generateZipf(spec) }
        let signal = HiddenSignal(spec)

        // Observed entries: per user, skip ahead by Geometric(density) gaps.
        var maskRNG = SeededGenerator(seed: spec.seed, stream: "synthetic.mask")
        var pairs: [(user: Int32, item: Int32)] = []
        pairs.reserveCapacity(Int(Double(n) * Double(m) * spec.density * 1.05) + n + m)
        var itemSeen = [Bool](repeating: false, count: m)
        let logMiss = spec.density < 1 ? naturalLog(1 - spec.density) : 0
        for u in 0..<n {
            let before = pairs.count
            var i = -1
            while true {
                if spec.density >= 1 {
                    i += 1
                } else {
                    let gap = (naturalLog(1 - maskRNG.nextUnit()) / logMiss).rounded(.down)
                    i += 1 + Int(min(gap, Double(m)))
                }
                if i >= m { break }
                pairs.append((Int32(u), Int32(i)))
                itemSeen[i] = true
            }
            if pairs.count == before {
                let item = maskRNG.nextIndex(below: m)
                pairs.append((Int32(u), Int32(item)))
                itemSeen[item] = true
            }
        }
        for item in 0..<m where !itemSeen[item] {
            pairs.append((Int32(maskRNG.nextIndex(below: n)), Int32(item)))
        }

        var orderRNG = SeededGenerator(seed: spec.seed, stream: "synthetic.order")
        orderRNG.shuffle(&pairs)
        var noiseRNG = SeededGenerator(seed: spec.seed, stream: "synthetic.noise")
        var timeRNG = SeededGenerator(seed: spec.seed, stream: "synthetic.time")
        var ratings: [Float] = []
        var timestamps: [Int64] = []
        ratings.reserveCapacity(pairs.count)
        timestamps.reserveCapacity(pairs.count)
        var time: Int64 = 1_000_000_000
        for (user, item) in pairs {
            ratings.append(signal.rating(user: Int(user), item: Int(item), noise: noiseRNG.nextNormal()))
            time += 1 + Int64(timeRNG.nextIndex(below: 120))
            timestamps.append(time)
        }
        return RatingsTable(
            users: pairs.map(\.user), items: pairs.map(\.item), ratings: ratings, timestamps: timestamps,
            userIDs: IDMap(rawIDs: (1...n).map(String.init)), itemIDs: IDMap(rawIDs: (1...m).map(String.init)))
    }
}

/// The hidden low-rank signal and biases of a synthetic table, drawn from their own streams so
/// that every popularity model rates a (user, item) pair the same way before noise.
struct HiddenSignal: Sendable {
    let spec: SyntheticSpec
    /// P (users × rank) and Q (items × rank), row-major.
    let p: [Double]
    let q: [Double]
    let userBias: [Double]
    let itemBias: [Double]
    /// √rank.
    let scale: Double

    init(_ spec: SyntheticSpec) {
        self.spec = spec
        let rank = spec.rank
        var factorRNG = SeededGenerator(seed: spec.seed, stream: "synthetic.factors")
        let factorStd = 1 / Double(rank).squareRoot()
        p = (0..<(spec.users * rank)).map { _ in factorRNG.nextNormal() * factorStd }
        q = (0..<(spec.items * rank)).map { _ in factorRNG.nextNormal() * factorStd }
        var biasRNG = SeededGenerator(seed: spec.seed, stream: "synthetic.biases")
        userBias = (0..<spec.users).map { _ in biasRNG.nextNormal() * spec.userBias }
        itemBias = (0..<spec.items).map { _ in biasRNG.nextNormal() * spec.itemBias }
        scale = Double(rank).squareRoot()
    }

    /// mean + b_u + c_i + √rank·⟨P_u, Q_i⟩ + noise·`noise`, rounded to half stars in [1, 5]
    /// when the spec says so.
    @inline(__always)
    func rating(user u: Int, item i: Int, noise: Double) -> Float {
        let rank = spec.rank
        var dot = 0.0
        for k in 0..<rank { dot += p[u * rank + k] * q[i * rank + k] }
        var value = spec.mean + userBias[u] + itemBias[i] + scale * dot + noise * spec.noise
        if spec.round { value = min(5, max(1, (value * 2).rounded() / 2)) }
        return Float(value)
    }
}
