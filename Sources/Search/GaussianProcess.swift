/// Gaussian-process regression with a constant mean, a Matérn-5/2 kernel with one lengthscale
/// per axis (ARD) and Gaussian noise, conditioned on points of the unit cube (Rasmussen &
/// Williams, "Gaussian Processes for Machine Learning", 2006: Algorithm 2.1 for the posterior,
/// eq. 4.17 for the Matérn class):
///
///     k(x, x′) = σf² (1 + √5 r + 5r²/3) e^(−√5 r),   r² = Σⱼ (xⱼ − x′ⱼ)² / ℓⱼ²
///     y = f(x) + ε,  f ~ GP(m, k),  ε ~ N(0, σn²)
///
/// Predictions are of the latent f (without noise).
struct GaussianProcess {
    /// The number of axes.
    let dimension: Int
    /// The number of conditioning points.
    let count: Int
    /// The conditioning points, row-major (count × dimension).
    let points: [Double]
    /// The hyperparameters.
    let hyperparameters: GPHyperparameters
    /// 1/ℓⱼ².
    let inverseSquaredLengthscales: [Double]
    /// σf².
    let signalVariance: Double
    /// The inverse of the lower Cholesky factor L of K + σn²·I (lower triangular, row-major).
    let inverseFactor: [Double]
    /// (K + σn²·I)⁻¹ (y − m).
    let weights: [Double]

    /// The posterior given `values` at `points` (each of `dimension` coordinates); nil when the
    /// kernel matrix cannot be factored even with jitter.
    ///
    /// - Complexity: O(n²·d + n³/3).
    init?(points: [[Double]], values: [Double], hyperparameters: GPHyperparameters) {
        precondition(points.count == values.count && !points.isEmpty)
        let n = points.count
        let d = points[0].count
        dimension = d
        count = n
        self.points = points.flatMap { $0 }
        self.hyperparameters = hyperparameters
        inverseSquaredLengthscales = hyperparameters.inverseSquaredLengthscales
        signalVariance = hyperparameters.signalVariance
        var k = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            k[i * n + i] = signalVariance + hyperparameters.noiseVariance
            for j in 0..<i {
                var r2 = 0.0
                for a in 0..<d {
                    let t = points[i][a] - points[j][a]
                    r2 += t * t * inverseSquaredLengthscales[a]
                }
                let v = signalVariance * Self.matern52(r2).value
                k[i * n + j] = v
                k[j * n + i] = v
            }
        }
        guard let l = Cholesky.factorWithJitter(k, n: n) else { return nil }
        inverseFactor = Cholesky.inverseFactor(l, n: n)
        var w = values.map { $0 - hyperparameters.mean }
        Cholesky.solveLower(l, n: n, &w)
        Cholesky.solveLowerTransposed(l, n: n, &w)
        weights = w
    }

    /// The Matérn-5/2 correlation at squared scaled distance r² and its derivative with
    /// respect to r²: (1 + √5 r + 5r²/3) e^(−√5 r) and −(5/6)(1 + √5 r) e^(−√5 r).
    @inline(__always)
    static func matern52(_ r2: Double) -> (value: Double, derivative: Double) {
        let s = (5 * r2).squareRoot()
        let e = LibM.exp(-s)
        return ((1 + s + 5 * r2 / 3) * e, -5 / 6 * (1 + s) * e)
    }

    /// The posterior mean and variance of f at `x`.
    ///
    /// - Complexity: O(n·d + n²/2).
    func predict(_ x: [Double]) -> (mean: Double, variance: Double) {
        let n = count
        let d = dimension
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { k in
            var mean = hyperparameters.mean
            points.withUnsafeBufferPointer { p in
                inverseSquaredLengthscales.withUnsafeBufferPointer { lambda in
                    weights.withUnsafeBufferPointer { w in
                        for i in 0..<n {
                            var r2 = 0.0
                            for a in 0..<d {
                                let t = x[a] - p[i * d + a]
                                r2 += t * t * lambda[a]
                            }
                            k[i] = signalVariance * Self.matern52(r2).value
                            mean += k[i] * w[i]
                        }
                    }
                }
            }
            // ‖L⁻¹k‖², row by row of L⁻¹.
            var explained = 0.0
            inverseFactor.withUnsafeBufferPointer { li in
                for i in 0..<n {
                    let v = Cholesky.dot(li.baseAddress! + i * n, k.baseAddress!, i + 1)
                    explained += v * v
                }
            }
            return (mean, max(signalVariance - explained, 0))
        }
    }

    /// The posterior mean and variance of f at `x` with their gradients with respect to x.
    ///
    /// - Complexity: O(n·d + n²).
    func predictWithGradient(_ x: [Double]) -> (
        mean: Double, variance: Double, meanGradient: [Double], varianceGradient: [Double]
    ) {
        let n = count
        let d = dimension
        var k = [Double](repeating: 0, count: n)
        // dkᵢ/dxₐ = slopeᵢ · (xₐ − pᵢₐ)/ℓₐ², slopeᵢ = 2σf² · dρ/dr².
        var slope = [Double](repeating: 0, count: n)
        var mean = hyperparameters.mean
        points.withUnsafeBufferPointer { p in
            for i in 0..<n {
                var r2 = 0.0
                for a in 0..<d {
                    let t = x[a] - p[i * d + a]
                    r2 += t * t * inverseSquaredLengthscales[a]
                }
                let m = Self.matern52(r2)
                k[i] = signalVariance * m.value
                slope[i] = 2 * signalVariance * m.derivative
                mean += k[i] * weights[i]
            }
        }
        // v = L⁻¹k, β = L⁻ᵀv = K⁻¹k; dσ²/dx = −2 Σᵢ βᵢ dkᵢ/dx.
        var beta = [Double](repeating: 0, count: n)
        var explained = 0.0
        inverseFactor.withUnsafeBufferPointer { li in
            k.withUnsafeBufferPointer { k in
                for i in 0..<n {
                    let v = Cholesky.dot(li.baseAddress! + i * n, k.baseAddress!, i + 1)
                    explained += v * v
                    for m in 0...i { beta[m] += li[i * n + m] * v }
                }
            }
        }
        var meanGradient = [Double](repeating: 0, count: d)
        var varianceGradient = [Double](repeating: 0, count: d)
        points.withUnsafeBufferPointer { p in
            for i in 0..<n {
                let cm = slope[i] * weights[i]
                let cv = -2 * slope[i] * beta[i]
                for a in 0..<d {
                    let t = (x[a] - p[i * d + a]) * inverseSquaredLengthscales[a]
                    meanGradient[a] += cm * t
                    varianceGradient[a] += cv * t
                }
            }
        }
        return (mean, max(signalVariance - explained, 0), meanGradient, varianceGradient)
    }
}
