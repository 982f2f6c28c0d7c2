/// The log marginal likelihood of a ``GaussianProcess``'s hyperparameters plus weak priors on
/// them (a maximum a posteriori fit), with its analytic gradient.
///
/// For K the noisy kernel matrix and α = K⁻¹(y − m) (Rasmussen & Williams 2006, eqs. 5.8–5.9):
///
///     log p(y | θ) = −½ (y − m)ᵀα − ½ log|K| − (n/2) log 2π
///     ∂/∂θ         = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ),   ∂/∂m = Σᵢ αᵢ
///
/// The priors are Optuna's GPSampler defaults (`optuna/_gp/prior.py`), which keep a fit on a
/// few points from collapsing: −0.1 (λ + 1/λ) on each inverse squared lengthscale λ = 1/ℓ²,
/// Gamma(2, 1) on σf², Gamma(1.1, 30) on σn²; and N(0, 1) on the constant mean of the
/// standardised values.
struct MarginalLikelihood {
    /// The number of points.
    let count: Int
    /// The number of axes.
    let dimension: Int
    /// (xᵢ − xⱼ)² per axis for each pair i > j, pair-major.
    private let squaredDifferences: [Double]
    /// The values (standardised).
    private let values: [Double]

    /// The likelihood of `values` at `points`.
    init(points: [[Double]], values: [Double]) {
        count = points.count
        dimension = points.first?.count ?? 0
        var differences: [Double] = []
        differences.reserveCapacity(count * (count - 1) / 2 * dimension)
        for i in 0..<count {
            for j in 0..<i {
                for a in 0..<dimension {
                    let t = points[i][a] - points[j][a]
                    differences.append(t * t)
                }
            }
        }
        squaredDifferences = differences
        self.values = values
    }

    /// −(log marginal likelihood + log prior) at the hyperparameters `theta` (in
    /// ``GPHyperparameters/vector`` form) and its gradient; nil when the kernel matrix cannot be
    /// factored.
    ///
    /// - Complexity: O(n²·d + n³).
    func negativeLogPosterior(_ theta: [Double]) -> (value: Double, gradient: [Double])? {
        let n = count
        let d = dimension
        let h = GPHyperparameters(vector: theta)
        let lambda = h.inverseSquaredLengthscales
        let sf2 = h.signalVariance
        let noise = h.noiseVariance
        let pairs = n * (n - 1) / 2
        var kernel = [Double](repeating: 0, count: pairs)
        // ∂k/∂(log ℓₐ) = −2 dk/dr² · (Δₐ²/ℓₐ²) = lengthscaleSlope · Δₐ²/ℓₐ².
        var lengthscaleSlope = [Double](repeating: 0, count: pairs)
        var k = [Double](repeating: 0, count: n * n)
        squaredDifferences.withUnsafeBufferPointer { diff in
            var p = 0
            for i in 0..<n {
                k[i * n + i] = sf2 + noise
                for j in 0..<i {
                    var r2 = 0.0
                    for a in 0..<d { r2 += diff[p * d + a] * lambda[a] }
                    let m = GaussianProcess.matern52(r2)
                    let v = sf2 * m.value
                    kernel[p] = v
                    lengthscaleSlope[p] = -2 * sf2 * m.derivative
                    k[i * n + j] = v
                    k[j * n + i] = v
                    p += 1
                }
            }
        }
        guard let l = Cholesky.factorWithJitter(k, n: n) else { return nil }
        var alpha = values.map { $0 - h.mean }
        let residual = alpha
        Cholesky.solveLower(l, n: n, &alpha)
        Cholesky.solveLowerTransposed(l, n: n, &alpha)
        var quadratic = 0.0
        var logDeterminant = 0.0
        for i in 0..<n {
            quadratic += residual[i] * alpha[i]
            logDeterminant += 2 * LibM.log(l[i * n + i])
        }
        let logLikelihood = -0.5 * quadratic - 0.5 * logDeterminant - 0.5 * Double(n) * LibM.log(2 * Double.pi)

        let inverse = Cholesky.inverse(fromFactor: l, n: n)
        var gradient = [Double](repeating: 0, count: d + 3)
        var signalGradient = 0.0
        var traceW = 0.0
        squaredDifferences.withUnsafeBufferPointer { diff in
            inverse.withUnsafeBufferPointer { inv in
                var p = 0
                for i in 0..<n {
                    traceW += alpha[i] * alpha[i] - inv[i * n + i]
                    for j in 0..<i {
                        let w = alpha[i] * alpha[j] - inv[i * n + j]
                        signalGradient += w * kernel[p]
                        let c = w * lengthscaleSlope[p]
                        for a in 0..<d { gradient[a] += c * diff[p * d + a] * lambda[a] }
                        p += 1
                    }
                }
            }
        }
        gradient[d] = signalGradient + 0.5 * traceW * sf2
        gradient[d + 1] = 0.5 * traceW * LibM.exp(h.rawNoise)
        gradient[d + 2] = alpha.reduce(0, +)

        // Priors.
        var logPrior = 0.0
        for a in 0..<d {
            logPrior -= 0.1 * (lambda[a] + 1 / lambda[a])
            gradient[a] += 0.2 * lambda[a] - 0.2 / lambda[a]
        }
        logPrior += h.logSignalVariance - sf2
        gradient[d] += 1 - sf2
        logPrior += 0.1 * LibM.log(noise) - 30 * noise
        gradient[d + 1] += (0.1 / noise - 30) * LibM.exp(h.rawNoise)
        logPrior -= 0.5 * h.mean * h.mean
        gradient[d + 2] -= h.mean

        return (-(logLikelihood + logPrior), gradient.map { -$0 })
    }
}
