import Core
import Testing

@testable import Search

/// The Gaussian-process machinery of `bayes`: linear algebra, the model, its likelihood, the
/// optimiser and log EI, each against a direct computation or finite differences.
@Suite struct GaussianProcessTests {
    private func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }

    /// A random symmetric positive-definite n×n matrix AᵀA + I.
    private func spd(_ n: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed, stream: "spd")
        let a = (0..<(n * n)).map { _ in rng.nextUnit() - 0.5 }
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s = i == j ? 1.0 : 0.0
                for k in 0..<n { s += a[k * n + i] * a[k * n + j] }
                m[i * n + j] = s
            }
        }
        return m
    }

    @Test(arguments: [1, 2, 7])
    func choleskyFactorsSolvesAndInverts(n: Int) throws {
        let a = spd(n, seed: UInt64(n))
        var l = a
        #expect(Cholesky.factor(&l, n: n))
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += l[i * n + k] * l[j * n + k] }
                #expect(close(s, a[i * n + j], 1e-12), "n \(n) (\(i), \(j))")
            }
        }
        let inverse = Cholesky.inverse(fromFactor: l, n: n)
        let inverseFactor = Cholesky.inverseFactor(l, n: n)
        let b = (0..<n).map { Double($0) - 1.5 }
        var x = b
        Cholesky.solveLower(l, n: n, &x)
        Cholesky.solveLowerTransposed(l, n: n, &x)
        for i in 0..<n {
            var viaInverse = 0.0
            for j in 0..<n { viaInverse += inverse[i * n + j] * b[j] }
            #expect(close(x[i], viaInverse, 1e-10), "n \(n) row \(i)")
            for j in 0..<n {
                var identity = 0.0
                for k in 0..<n { identity += inverseFactor[i * n + k] * l[k * n + j] }
                #expect(close(identity, i == j ? 1 : 0, 1e-12), "n \(n) L⁻¹L (\(i), \(j))")
            }
        }
    }

    @Test func choleskyRejectsAnIndefiniteMatrixAndJitterRescuesASingularOne() {
        var indefinite = [1.0, 2, 2, 1]
        #expect(!Cholesky.factor(&indefinite, n: 2))
        #expect(Cholesky.factorWithJitter([1, 1, 1, 1], n: 2) != nil)
        #expect(Cholesky.factorWithJitter([1, 2, 2, 1], n: 2) == nil)
    }

    private let points: [[Double]] = [[0.1, 0.2], [0.5, 0.9], [0.8, 0.3], [0.3, 0.6], [0.95, 0.95], [0.4, 0.1]]
    private var values: [Double] { points.map { $0[0] * $0[0] - $0[1] + 0.3 * $0[0] * $0[1] } }

    @Test func posteriorInterpolatesWithSmallNoiseAndRevertsToThePriorFarAway() throws {
        let h = GPHyperparameters(dimension: 2, lengthscale: 0.5, signalVariance: 2, noise: 1e-6, mean: 0.25)
        let gp = try #require(GaussianProcess(points: points, values: values, hyperparameters: h))
        for (p, v) in zip(points, values) {
            let prediction = gp.predict(p)
            #expect(abs(prediction.mean - v) < 1e-4 && prediction.variance < 1e-4, "at \(p)")
        }
        let far = GaussianProcess(points: [[0, 0]], values: [1], hyperparameters: h)!.predict([1, 1])
        #expect(abs(far.variance - 2) < 1e-2 && abs(far.mean - 0.25) < 0.1)
    }

    @Test func posteriorGradientsMatchFiniteDifferences() throws {
        var h = GPHyperparameters(dimension: 2, lengthscale: 0.4, signalVariance: 1.5, noise: 1e-3, mean: -0.1)
        h.logLengthscales = [LibM.log(0.3), LibM.log(0.7)]
        let gp = try #require(GaussianProcess(points: points, values: values, hyperparameters: h))
        for x in [[0.2, 0.7], [0.65, 0.45], [0.01, 0.99]] {
            let p = gp.predictWithGradient(x)
            let plain = gp.predict(x)
            #expect(close(p.mean, plain.mean, 1e-12) && close(p.variance, plain.variance, 1e-10))
            for a in 0..<2 {
                var up = x
                var down = x
                up[a] += 1e-6
                down[a] -= 1e-6
                let dm = (gp.predict(up).mean - gp.predict(down).mean) / 2e-6
                let dv = (gp.predict(up).variance - gp.predict(down).variance) / 2e-6
                #expect(close(p.meanGradient[a], dm, 1e-6), "mean at \(x) axis \(a)")
                #expect(close(p.varianceGradient[a], dv, 1e-6), "variance at \(x) axis \(a)")
            }
        }
    }

    @Test func marginalLikelihoodGradientMatchesFiniteDifferences() throws {
        let likelihood = MarginalLikelihood(points: points, values: values)
        let theta = [LibM.log(0.3), LibM.log(0.8), LibM.log(1.3), LibM.log(0.01), 0.2]
        let at = try #require(likelihood.negativeLogPosterior(theta))
        for i in theta.indices {
            var up = theta
            var down = theta
            up[i] += 1e-6
            down[i] -= 1e-6
            let numeric =
                (likelihood.negativeLogPosterior(up)!.value - likelihood.negativeLogPosterior(down)!.value) / 2e-6
            #expect(close(at.gradient[i], numeric, 1e-5), "component \(i): \(at.gradient[i]) vs \(numeric)")
        }
    }

    @Test func boundedLBFGSMinimisesInsideTheBox() throws {
        // Rosenbrock in 2-D: minimum 0 at (1, 1).
        func rosenbrock(_ x: [Double]) -> (value: Double, gradient: [Double])? {
            let a = x[1] - x[0] * x[0]
            return (
                100 * a * a + (1 - x[0]) * (1 - x[0]), [-400 * x[0] * a - 2 * (1 - x[0]), 200 * a]
            )
        }
        var optimizer = BoundedLBFGS()
        optimizer.maxIterations = 500
        optimizer.gradientTolerance = 1e-9
        optimizer.relativeTolerance = 0
        let free = try #require(optimizer.minimize(from: [-1.2, 1], lower: [-5, -5], upper: [5, 5], rosenbrock))
        #expect(abs(free.point[0] - 1) < 1e-5 && abs(free.point[1] - 1) < 1e-5, "\(free.point)")
        // With x₀ ≤ 0.5 the minimum is on the face, at (0.5, 0.25).
        let boxed = try #require(optimizer.minimize(from: [-1.2, 1], lower: [-5, -5], upper: [0.5, 5], rosenbrock))
        #expect(abs(boxed.point[0] - 0.5) < 1e-9 && abs(boxed.point[1] - 0.25) < 1e-5, "\(boxed.point)")
    }

    @Test func logEIMatchesTheClosedFormAndStaysFiniteFarBelow() {
        for (mean, variance, best) in [(0.0, 1.0, 0.0), (0.5, 0.04, 0.2), (-1.0, 2.0, 0.3), (1.0, 0.25, 0.1)] {
            let sigma = variance.squareRoot()
            let z = (best - mean) / sigma
            let cdf = 0.5 * LibM.erfc(-z / 2.0.squareRoot())
            let pdf = LibM.exp(-z * z / 2) / (2 * Double.pi).squareRoot()
            let direct = LibM.log(sigma * (z * cdf + pdf))
            #expect(close(LogExpectedImprovement.value(mean: mean, variance: variance, best: best), direct, 1e-10))
        }
        for z in [-1e12, -1e9, -1e6, -1e4, -60, -40, -20, -5, -1.0001, -1, -0.5, 0, 3] {
            #expect(LogExpectedImprovement.logH(z).isFinite, "z \(z)")
        }
        // log h is increasing and continuous across the branches at z = −1 and z = −1/√ε.
        var last = LogExpectedImprovement.logH(-200)
        for z in stride(from: -199.5, through: 5, by: 0.5) {
            let v = LogExpectedImprovement.logH(z)
            #expect(v > last, "z \(z)")
            last = v
        }
        #expect(close(LogExpectedImprovement.logH(-1 - 1e-12), LogExpectedImprovement.logH(-1 + 1e-12), 1e-9))
        let edge = -1 / Double.ulpOfOne.squareRoot()
        #expect(
            close(
                LogExpectedImprovement.logH(edge * (1 + 1e-12)), LogExpectedImprovement.logH(edge * (1 - 1e-12)), 1e-8))
        #expect(close(LogExpectedImprovement.erfcx(5 - 1e-12), LogExpectedImprovement.erfcx(5 + 1e-12), 1e-12))
    }

    @Test func logEIDerivativesMatchFiniteDifferences() {
        for (mean, variance, best) in [(0.0, 1.0, 0.0), (0.5, 0.04, 0.2), (3.0, 0.01, -1.0), (-1.0, 2.0, 0.3)] {
            let d = LogExpectedImprovement.valueAndDerivatives(mean: mean, variance: variance, best: best)
            let h = 1e-6
            let dm =
                (LogExpectedImprovement.value(mean: mean + h, variance: variance, best: best)
                    - LogExpectedImprovement.value(mean: mean - h, variance: variance, best: best)) / (2 * h)
            let dv =
                (LogExpectedImprovement.value(mean: mean, variance: variance + h * variance, best: best)
                    - LogExpectedImprovement.value(mean: mean, variance: variance - h * variance, best: best))
                / (2 * h * variance)
            #expect(close(d.dMean, dm, 1e-5), "dμ at \(mean), \(variance), \(best)")
            #expect(close(d.dVariance, dv, 1e-5), "dσ² at \(mean), \(variance), \(best)")
        }
    }
}
