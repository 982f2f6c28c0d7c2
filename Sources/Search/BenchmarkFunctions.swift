public import Core

/// Standard test functions for comparing samplers (all minimised, linear-scale parameters
/// `x0`…`x{d−1}`), as defined with reference values in the project's
/// `shared/peers/sampler-benchmarks.md` (after Surjanovic & Bingham's Virtual Library of
/// Simulation Experiments, sfu.ca/~ssurjano).
public enum BenchmarkFunctions: String, Sendable, CaseIterable {
    /// Branin–Hoo (d = 2) on [−5, 10] × [0, 15]; three global minima of 5/(4π).
    case branin
    /// Hartmann (d = 6) on [0, 1]⁶; global minimum −3.32237.
    case hartmann6
    /// Rosenbrock (d = 4) on [−2, 2]⁴; minimum 0 at (1, 1, 1, 1).
    case rosenbrock4
    /// Levy (d = 4) on [−10, 10]⁴; minimum 0 at (1, 1, 1, 1).
    case levy4

    /// The number of parameters.
    public var dimension: Int {
        switch self {
        case .branin: 2
        case .hartmann6: 6
        case .rosenbrock4, .levy4: 4
        }
    }

    /// Each parameter's range.
    public var bounds: [ClosedRange<Double>] {
        switch self {
        case .branin: [-5...10, 0...15]
        case .hartmann6: Array(repeating: 0...1, count: 6)
        case .rosenbrock4: Array(repeating: -2...2, count: 4)
        case .levy4: Array(repeating: -10...10, count: 4)
        }
    }

    /// The global minimum.
    public var minimum: Double {
        switch self {
        case .branin: 5 / (4 * Double.pi)
        case .hartmann6: -3.322_368_011_415_515
        case .rosenbrock4, .levy4: 0
        }
    }

    /// The parameter names, `x0`…`x{d−1}`.
    public var parameterNames: [String] { (0..<dimension).map { "x\($0)" } }

    /// A sweep minimising this function: one `uniform` parameter per coordinate.
    public func sweepSpec(method: SearchMethod, seed: UInt64) -> SweepSpec {
        var parameters: [String: Distribution] = [:]
        for (name, range) in zip(parameterNames, bounds) {
            parameters[name] = .uniform(min: range.lowerBound, max: range.upperBound)
        }
        return SweepSpec(
            name: rawValue, parameters: parameters, method: method, metric: SweepMetric(name: "value"), seed: seed)
    }

    /// The function at `x` (``dimension`` coordinates).
    public func value(_ x: [Double]) -> Double {
        precondition(x.count == dimension, "\(rawValue) takes \(dimension) coordinates, got \(x.count)")
        switch self {
        case .branin:
            let b = 5.1 / (4 * Double.pi * Double.pi)
            let c = 5 / Double.pi
            let t = 1 / (8 * Double.pi)
            let u = x[1] - b * x[0] * x[0] + c * x[0] - 6
            return u * u + 10 * (1 - t) * LibM.cos(x[0]) + 10
        case .hartmann6:
            var sum = 0.0
            for i in 0..<4 {
                var inner = 0.0
                for j in 0..<6 {
                    let t = x[j] - Self.hartmannP[i][j] * 1e-4
                    inner += Self.hartmannA[i][j] * t * t
                }
                sum += Self.hartmannAlpha[i] * LibM.exp(-inner)
            }
            return -sum
        case .rosenbrock4:
            var sum = 0.0
            for i in 0..<3 {
                let a = x[i + 1] - x[i] * x[i]
                let b = 1 - x[i]
                sum += 100 * a * a + b * b
            }
            return sum
        case .levy4:
            let w = x.map { 1 + ($0 - 1) / 4 }
            func sin2(_ v: Double) -> Double {
                let s = LibM.sin(v)
                return s * s
            }
            var sum = sin2(Double.pi * w[0])
            for i in 0..<3 {
                sum += (w[i] - 1) * (w[i] - 1) * (1 + 10 * sin2(Double.pi * w[i] + 1))
            }
            sum += (w[3] - 1) * (w[3] - 1) * (1 + sin2(2 * Double.pi * w[3]))
            return sum
        }
    }

    /// The function at `config` (the parameters `x0`…), nil when one is missing or not a number.
    public func value(_ config: [String: ParameterValue]) -> Double? {
        var x: [Double] = []
        for name in parameterNames {
            guard let v = config[name]?.number else { return nil }
            x.append(v)
        }
        return value(x)
    }

    private static let hartmannAlpha = [1.0, 1.2, 3.0, 3.2]
    private static let hartmannA: [[Double]] = [
        [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14],
    ]
    private static let hartmannP: [[Double]] = [
        [1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381],
    ]
}
