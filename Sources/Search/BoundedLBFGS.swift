/// Minimises a smooth function inside a box with limited-memory BFGS (Nocedal & Wright,
/// "Numerical Optimization", 2nd ed., Algorithm 7.4) on the free variables, projecting each step
/// onto the box and backtracking until the Armijo condition holds — a small projected variant
/// of L-BFGS-B (Byrd, Lu, Nocedal & Zhu 1995) that is enough for the few variables of a
/// Gaussian process.
struct BoundedLBFGS {
    /// Correction pairs kept.
    var memory = 8
    /// Iterations (accepted steps) at most.
    var maxIterations = 100
    /// Stop when every component of the projected gradient is at most this.
    var gradientTolerance = 1e-5
    /// Stop when a step lowers the value by at most this relative amount.
    var relativeTolerance = 1e-10

    /// The result of a minimisation.
    struct Result {
        /// The best point found.
        var point: [Double]
        /// The function's value there.
        var value: Double
        /// Function evaluations made.
        var evaluations: Int
    }

    /// Minimises `f` (value and gradient, or nil where it is undefined) from `start` within
    /// `lower...upper`; nil when `f` is undefined at the start.
    func minimize(
        from start: [Double], lower: [Double], upper: [Double], _ f: ([Double]) -> (value: Double, gradient: [Double])?
    ) -> Result? {
        let n = start.count
        var x = (0..<n).map { min(max(start[$0], lower[$0]), upper[$0]) }
        guard let first = f(x), first.value.isFinite else { return nil }
        var fx = first.value
        var g = first.gradient
        var evaluations = 1
        var steps: [[Double]] = []
        var changes: [[Double]] = []

        func isFixed(_ i: Int, _ g: [Double], _ x: [Double]) -> Bool {
            (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0)
        }

        for _ in 0..<maxIterations {
            var projected = g
            for i in 0..<n where isFixed(i, g, x) { projected[i] = 0 }
            let norm = projected.reduce(0) { max($0, abs($1)) }
            if norm <= gradientTolerance || !norm.isFinite { break }

            var direction = Self.twoLoop(projected, steps, changes).map { -$0 }
            for i in 0..<n where projected[i] == 0 { direction[i] = 0 }
            var slope = zip(direction, g).reduce(0) { $0 + $1.0 * $1.1 }
            if !(slope < 0) {
                steps.removeAll()
                changes.removeAll()
                direction = projected.map { -$0 }
                slope = zip(direction, g).reduce(0) { $0 + $1.0 * $1.1 }
            }
            // The first step of a steepest descent is scaled to move at most 1 in any variable.
            var t = steps.isEmpty ? min(1, 1 / direction.reduce(0) { max($0, abs($1)) }) : 1.0
            var accepted: (x: [Double], value: Double, gradient: [Double])?
            for _ in 0..<40 {
                let candidate = (0..<n).map { min(max(x[$0] + t * direction[$0], lower[$0]), upper[$0]) }
                evaluations += 1
                if let r = f(candidate), r.value.isFinite {
                    var decrease = 0.0
                    for i in 0..<n { decrease += g[i] * (candidate[i] - x[i]) }
                    if r.value <= fx + 1e-4 * decrease {
                        accepted = (candidate, r.value, r.gradient)
                        break
                    }
                }
                t *= 0.5
            }
            guard let next = accepted else {
                if steps.isEmpty { break }
                steps.removeAll()
                changes.removeAll()
                continue
            }
            let s = (0..<n).map { next.x[$0] - x[$0] }
            let y = (0..<n).map { next.gradient[$0] - g[$0] }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            let yy = y.reduce(0) { $0 + $1 * $1 }
            if sy > 1e-12 * yy && sy > 0 {
                steps.append(s)
                changes.append(y)
                if steps.count > memory {
                    steps.removeFirst()
                    changes.removeFirst()
                }
            }
            let improvement = fx - next.value
            x = next.x
            fx = next.value
            g = next.gradient
            if improvement <= relativeTolerance * max(abs(fx), 1) { break }
        }
        return Result(point: x, value: fx, evaluations: evaluations)
    }

    /// H·q for the inverse-Hessian approximation of the stored pairs (the two-loop recursion).
    private static func twoLoop(_ q: [Double], _ steps: [[Double]], _ changes: [[Double]]) -> [Double] {
        guard let lastS = steps.last, let lastY = changes.last else { return q }
        var r = q
        var alphas = [Double](repeating: 0, count: steps.count)
        var rhos = [Double](repeating: 0, count: steps.count)
        for k in stride(from: steps.count - 1, through: 0, by: -1) {
            rhos[k] = 1 / dot(changes[k], steps[k])
            alphas[k] = rhos[k] * dot(steps[k], r)
            for i in r.indices { r[i] -= alphas[k] * changes[k][i] }
        }
        let gamma = dot(lastS, lastY) / dot(lastY, lastY)
        for i in r.indices { r[i] *= gamma }
        for k in steps.indices {
            let beta = rhos[k] * dot(changes[k], r)
            for i in r.indices { r[i] += steps[k][i] * (alphas[k] - beta) }
        }
        return r
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
