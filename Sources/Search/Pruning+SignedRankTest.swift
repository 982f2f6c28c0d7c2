import Foundation

/// The one-sided Wilcoxon signed-rank test (Wilcoxon, "Individual comparisons by ranking
/// methods", Biometrics Bulletin 1945) on paired differences, as `wilcoxon` pruning uses it.
///
/// **Ranks.** |d| is ranked from 1; equal |d| (exact equality) share the mean of their ranks
/// (midranks). **Zeros** are ranked with the rest (they take the lowest ranks) but carry no sign:
/// this is Pratt's method, and for the exact distribution it gives the same p as SciPy's
/// `zero_method="zsplit"` that Optuna's WilcoxonPruner uses, since a zero's half-rank on each side
/// is the same constant in every sign pattern. All zeros (or no differences) give p = 1.
///
/// **Distribution.** With m nonzero differences, under H₀ each sign is + or − with probability
/// 1/2 independently, so T⁺ (the sum of the ranks of positive differences) has 2^m equally likely
/// outcomes. For m ≤ ``exactLimit`` they are counted exactly (midranks included); above it a
/// normal approximation with the same mean and variance is used (SciPy's `method="auto"` switches
/// at the same m).
public enum WilcoxonSignedRank {
    /// The largest number of nonzero differences with an exact p-value.
    public static let exactLimit = 50

    /// P(T⁺ ≥ observed T⁺) under H₀: small when the differences are mostly positive. With m
    /// nonzero differences the smallest possible value is 2⁻ᵐ (all positive). Non-finite
    /// differences are dropped.
    /// - Complexity: O(m·Σrank) = O(m³) for the exact distribution.
    public static func pValueGreater(_ differences: [Double]) -> Double {
        let d = differences.filter(\.isFinite)
        let ranks = doubledMidranks(d.map(abs))
        var nonzero: [Int] = []
        var observed = 0
        for (x, r) in zip(d, ranks) where x != 0 {
            nonzero.append(r)
            if x > 0 { observed += r }
        }
        if nonzero.isEmpty { return 1 }
        return nonzero.count <= exactLimit ? exactTail(nonzero, observed) : normalTail(nonzero, observed)
    }

    /// Twice each value's midrank among `a` (an integer: the first plus the last 1-based position
    /// of its tie group).
    static func doubledMidranks(_ a: [Double]) -> [Int] {
        let order = a.indices.sorted { a[$0] < a[$1] }
        var ranks = [Int](repeating: 0, count: a.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && a[order[j + 1]] == a[order[i]] { j += 1 }
            for k in i...j { ranks[order[k]] = (i + 1) + (j + 1) }
            i = j + 1
        }
        return ranks
    }

    /// P(Σ of a random half-chosen subset of `ranks` ≥ `observed`), each rank in with
    /// probability 1/2: a dynamic programme over the attainable sums.
    static func exactTail(_ ranks: [Int], _ observed: Int) -> Double {
        var p = [Double](repeating: 0, count: ranks.reduce(0, +) + 1)
        p[0] = 1
        var reach = 0
        for r in ranks {
            reach += r
            for s in stride(from: reach, through: 0, by: -1) {
                p[s] = (p[s] + (s >= r ? p[s - r] : 0)) / 2
            }
        }
        return min(1, p[max(0, observed)...].reduce(0, +))
    }

    /// The normal approximation of ``exactTail(_:_:)``: mean Σr/2, variance Σr²/4.
    static func normalTail(_ ranks: [Int], _ observed: Int) -> Double {
        let mean = Double(ranks.reduce(0, +)) / 2
        let sd = ranks.map { Double($0 * $0) }.reduce(0, +).squareRoot() / 2
        return erfc((Double(observed) - mean) / sd / 2.0.squareRoot()) / 2
    }
}
