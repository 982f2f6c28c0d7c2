/// A principal direction of a set of factor vectors: a unit eigenvector of their covariance,
/// the variance along it, and each vector's coordinate on it.
public struct PrincipalDirection: Sendable, Equatable {
    /// The unit direction (d values), signed so that its largest-magnitude component is positive.
    public var vector: [Double]
    /// The variance of the vectors along the direction (the eigenvalue).
    public var variance: Double
    /// The share of the total variance along this direction, in [0, 1].
    public var varianceShare: Double
    /// Each input row's centred coordinate ⟨x − mean, vector⟩, in input order.
    public var projections: [Double]
}

extension PrincipalDirection {
    /// The `count` strongest principal directions of the rows `rows` of `matrix` (PCA, as
    /// fastbook ch. 8 applies it to a model's item factors), strongest first.
    ///
    /// The covariance C = Σ (x − x̄)(x − x̄)ᵀ / n is formed in `Double` (d × d) and decomposed
    /// exactly by the cyclic Jacobi eigenvalue method (Golub & Van Loan, *Matrix Computations*,
    /// §8.5), so close eigenvalues, which slow power iteration down, are no problem.
    ///
    /// - Complexity: O(n·d² + d³) per Jacobi sweep (about ten sweeps).
    public static func compute(of matrix: Factors, rows: [Int], count: Int) -> [PrincipalDirection] {
        let d = matrix.columns
        let n = rows.count
        guard n > 0 else { return [] }
        var mean = [Double](repeating: 0, count: d)
        for r in rows {
            for c in 0..<d { mean[c] += Double(matrix.storage[r, c]) }
        }
        for c in 0..<d { mean[c] /= Double(n) }
        var centred = [Double](repeating: 0, count: n * d)
        for (k, r) in rows.enumerated() {
            for c in 0..<d { centred[k * d + c] = Double(matrix.storage[r, c]) - mean[c] }
        }
        var covariance = [Double](repeating: 0, count: d * d)
        for k in 0..<n {
            for a in 0..<d {
                let xa = centred[k * d + a]
                guard xa != 0 else { continue }
                for b in a..<d { covariance[a * d + b] += xa * centred[k * d + b] }
            }
        }
        for a in 0..<d {
            for b in a..<d {
                covariance[a * d + b] /= Double(n)
                covariance[b * d + a] = covariance[a * d + b]
            }
        }
        let (values, vectors) = SymmetricEigen.decompose(covariance, dimension: d)
        let total = values.reduce(0) { $0 + max($1, 0) }
        let order = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        return order.prefix(count).map { e in
            var v = (0..<d).map { vectors[$0 * d + e] }
            let largest = v.indices.max { abs(v[$0]) < abs(v[$1]) || (abs(v[$0]) == abs(v[$1]) && $0 > $1) }!
            if v[largest] < 0 { v = v.map { -$0 } }
            let projections = (0..<n).map { k in
                (0..<d).reduce(0.0) { $0 + centred[k * d + $1] * v[$1] }
            }
            return PrincipalDirection(
                vector: v, variance: values[e], varianceShare: total > 0 ? max(values[e], 0) / total : 0,
                projections: projections)
        }
    }
}

/// Eigen-decomposition of a small symmetric matrix by the cyclic Jacobi method.
enum SymmetricEigen {
    /// The eigenvalues of the symmetric `dimension × dimension` row-major matrix `a`, and its
    /// eigenvectors as the columns of a row-major matrix (column e goes with value e), unsorted.
    static func decompose(_ a: [Double], dimension n: Int) -> (values: [Double], vectors: [Double]) {
        precondition(a.count == n * n)
        var a = a
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let scale = max(a.reduce(0) { $0 + $1 * $1 }, .leastNormalMagnitude)
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) { off += a[p * n + q] * a[p * n + q] }
            }
            if off <= 1e-30 * scale { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) {
                    let apq = a[p * n + q]
                    guard apq != 0 else { continue }
                    // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1).
                    let tau = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }
}
