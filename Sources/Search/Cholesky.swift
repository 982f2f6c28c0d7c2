/// Dense Cholesky factorisation and triangular solves on row-major n×n `[Double]` matrices,
/// for the Gaussian process (Golub & Van Loan, "Matrix Computations", 4th ed., §4.2).
enum Cholesky {
    /// Σᵢ a[i]·b[i] for i in 0..<count, in four-wide blocks (the inner loop of every routine
    /// here; the order of the sums is fixed, so results are deterministic).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var acc0 = SIMD4<Double>()
        var acc1 = SIMD4<Double>()
        var i = 0
        while i + 8 <= count {
            acc0 +=
                UnsafeRawPointer(a + i).loadUnaligned(as: SIMD4<Double>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD4<Double>.self)
            acc1 +=
                UnsafeRawPointer(a + i + 4).loadUnaligned(as: SIMD4<Double>.self)
                * UnsafeRawPointer(b + i + 4).loadUnaligned(as: SIMD4<Double>.self)
            i += 8
        }
        var s = (acc0 + acc1).sum()
        while i < count {
            s += a[i] * b[i]
            i += 1
        }
        return s
    }

    /// Replaces the lower triangle of the symmetric positive-definite `a` by L with a = L·Lᵀ
    /// (the strict upper triangle is zeroed); false, leaving `a` undefined, when a pivot is
    /// not positive.
    ///
    /// - Complexity: O(n³/3).
    static func factor(_ a: inout [Double], n: Int) -> Bool {
        guard n > 0 else { return true }
        return a.withUnsafeMutableBufferPointer { buffer in
            let m = buffer.baseAddress!
            for j in 0..<n {
                let pivot = m[j * n + j] - dot(m + j * n, m + j * n, j)
                guard pivot > 0, pivot.isFinite else { return false }
                let ljj = pivot.squareRoot()
                m[j * n + j] = ljj
                let inverse = 1 / ljj
                for i in (j + 1)..<n {
                    m[i * n + j] = (m[i * n + j] - dot(m + i * n, m + j * n, j)) * inverse
                }
                for k in (j + 1)..<n { m[j * n + k] = 0 }
            }
            return true
        }
    }

    /// The factor of `a` + jitter·I, with the smallest jitter from 0, then 1e-10, 1e-9, … 1e-4
    /// times the mean diagonal, that makes it positive definite; nil when none does.
    static func factorWithJitter(_ a: [Double], n: Int) -> [Double]? {
        var m = a
        if factor(&m, n: n) { return m }
        var scale = 0.0
        for i in 0..<n { scale += a[i * n + i] }
        scale = max(scale / Double(max(n, 1)), 1e-12)
        var jitter = 1e-10 * scale
        while jitter <= 1e-4 * scale {
            m = a
            for i in 0..<n { m[i * n + i] += jitter }
            if factor(&m, n: n) { return m }
            jitter *= 10
        }
        return nil
    }

    /// Solves L·x = b in place (forward substitution).
    static func solveLower(_ l: [Double], n: Int, _ b: inout [Double]) {
        guard n > 0 else { return }
        l.withUnsafeBufferPointer { l in
            b.withUnsafeMutableBufferPointer { x in
                let lp = l.baseAddress!
                let xp = x.baseAddress!
                for i in 0..<n {
                    x[i] = (x[i] - dot(lp + i * n, xp, i)) / l[i * n + i]
                }
            }
        }
    }

    /// Solves Lᵀ·x = b in place (back substitution).
    static func solveLowerTransposed(_ l: [Double], n: Int, _ b: inout [Double]) {
        l.withUnsafeBufferPointer { l in
            b.withUnsafeMutableBufferPointer { x in
                var i = n - 1
                while i >= 0 {
                    var s = x[i]
                    for k in (i + 1)..<n { s -= l[k * n + i] * x[k] }
                    x[i] = s / l[i * n + i]
                    i -= 1
                }
            }
        }
    }

    /// L⁻¹ (lower triangular, row-major) from the factor L.
    ///
    /// - Complexity: O(n³/6).
    static func inverseFactor(_ l: [Double], n: Int) -> [Double] {
        let t = inverseFactorTransposed(l, n: n)
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in 0...i { out[i * n + k] = t[k * n + i] }
        }
        return out
    }

    /// (L·Lᵀ)⁻¹ from the factor L, as a full symmetric matrix: L⁻ᵀ·L⁻¹.
    ///
    /// - Complexity: O(n³/2).
    static func inverse(fromFactor l: [Double], n: Int) -> [Double] {
        guard n > 0 else { return [] }
        let t = inverseFactorTransposed(l, n: n)
        var out = [Double](repeating: 0, count: n * n)
        t.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { o in
                let tp = t.baseAddress!
                // (L⁻ᵀL⁻¹)ᵢⱼ = Σ_{k ≥ i} Tᵢₖ Tⱼₖ for j ≤ i, with T = L⁻ᵀ upper triangular.
                for i in 0..<n {
                    for j in 0...i {
                        let s = dot(tp + i * n + i, tp + j * n + i, n - i)
                        o[i * n + j] = s
                        o[j * n + i] = s
                    }
                }
            }
        }
        return out
    }

    /// L⁻ᵀ (upper triangular, row-major): row i is column i of L⁻¹, the solution of L·x = eᵢ.
    private static func inverseFactorTransposed(_ l: [Double], n: Int) -> [Double] {
        guard n > 0 else { return [] }
        var t = [Double](repeating: 0, count: n * n)
        l.withUnsafeBufferPointer { l in
            t.withUnsafeMutableBufferPointer { t in
                let lp = l.baseAddress!
                let tp = t.baseAddress!
                for i in 0..<n {
                    let row = i * n
                    t[row + i] = 1 / l[i * n + i]
                    for k in (i + 1)..<n {
                        t[row + k] = -dot(lp + k * n + i, tp + row + i, k - i) / l[k * n + k]
                    }
                }
            }
        }
        return t
    }
}
