import Core

/// Maximises log expected improvement over the unit cube: many random candidates, then local
/// searches from the best of them (and from given warm starts), as Optuna's GPSampler does
/// (`optuna/_gp/optim_mixed.py`):
/// - continuous axes by ``BoundedLBFGS`` on x/ℓ (the lengthscales equalise the axes);
/// - categorical and integer axes with at most ``enumerationLimit`` values by trying every value
///   of one axis at a time (they are drawn at their values' coordinates); larger integer axes
///   and the quantised forms are searched as continuous and rounded by the caller.
/// The two alternate until neither improves.
struct AcquisitionOptimizer {
    /// Integer and categorical axes with at most this many values are searched value by value.
    static let enumerationLimit = 32

    /// The posterior.
    let process: GaussianProcess
    /// The value to improve on (standardised, minimised).
    let best: Double
    /// The space, for the axes' kinds.
    let space: SearchSpace
    /// Axes searched value by value, with their value counts.
    private let enumerated: [(axis: Int, count: Int)]
    /// Axes searched continuously.
    private let continuous: [Int]

    /// An optimiser of log EI under `process`, improving on `best`.
    init(process: GaussianProcess, best: Double, space: SearchSpace) {
        self.process = process
        self.best = best
        self.space = space
        var enumerated: [(Int, Int)] = []
        var continuous: [Int] = []
        for (a, d) in space.distributions.enumerated() {
            if let n = d.indexedCount, n <= Double(Self.enumerationLimit) {
                enumerated.append((a, Int(n)))
            } else {
                continuous.append(a)
            }
        }
        self.enumerated = enumerated
        self.continuous = continuous
    }

    /// log EI at `x`.
    func value(_ x: [Double]) -> Double {
        let p = process.predict(x)
        return LogExpectedImprovement.value(mean: p.mean, variance: p.variance, best: best)
    }

    /// `count` uniform candidates (enumerated axes at their values' coordinates).
    func candidates(_ count: Int, using rng: inout SeededGenerator) -> [[Double]] {
        (0..<count).map { _ in
            var x = (0..<space.dimension).map { _ in rng.nextUnit() }
            for (a, n) in enumerated { x[a] = (Double(min(Int(x[a] * Double(n)), n - 1)) + 0.5) / Double(n) }
            return x
        }
    }

    /// Local search from `start`: the best point found and its log EI.
    func refine(_ start: [Double]) -> (point: [Double], value: Double) {
        var x = start
        var fx = value(x)
        for _ in 0..<10 {
            var changed = false
            if !continuous.isEmpty, let improved = searchContinuous(from: x), improved.value > fx + 1e-12 {
                x = improved.point
                fx = improved.value
                changed = true
            }
            for (a, n) in enumerated {
                var trial = x
                for i in 0..<n {
                    trial[a] = (Double(i) + 0.5) / Double(n)
                    let v = value(trial)
                    if v > fx + 1e-12 {
                        fx = v
                        x = trial
                        changed = true
                    }
                }
            }
            if !changed || enumerated.isEmpty { break }
        }
        return (x, fx)
    }

    /// L-BFGS on the continuous axes of `x` (the others fixed), in coordinates x/ℓ.
    private func searchContinuous(from x: [Double]) -> (point: [Double], value: Double)? {
        let lengthscales = process.hyperparameters.lengthscales
        let scale = continuous.map { lengthscales[$0] }
        let start = continuous.indices.map { x[continuous[$0]] / scale[$0] }
        let upper = scale.map { 1 / $0 }
        let lower = [Double](repeating: 0, count: continuous.count)
        var optimizer = BoundedLBFGS()
        optimizer.maxIterations = 200
        optimizer.gradientTolerance = 1e-6
        optimizer.relativeTolerance = 1e-12
        let result = optimizer.minimize(from: start, lower: lower, upper: upper) { z in
            var point = x
            for (i, a) in continuous.enumerated() { point[a] = min(max(z[i] * scale[i], 0), 1) }
            let p = process.predictWithGradient(point)
            let e = LogExpectedImprovement.valueAndDerivatives(mean: p.mean, variance: p.variance, best: best)
            guard e.value.isFinite else { return nil }
            let gradient = continuous.indices.map { i -> Double in
                let a = continuous[i]
                return -(e.dMean * p.meanGradient[a] + e.dVariance * p.varianceGradient[a]) * scale[i]
            }
            return (-e.value, gradient)
        }
        guard let result else { return nil }
        var point = x
        for (i, a) in continuous.enumerated() { point[a] = min(max(result.point[i] * scale[i], 0), 1) }
        return (point, -result.value)
    }
}
