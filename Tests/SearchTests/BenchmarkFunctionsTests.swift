import Search
import Testing

/// The reference values of `shared/peers/sampler-benchmarks.md`.
@Suite struct BenchmarkFunctionsTests {
    private func expectClose(_ a: Double, _ b: Double, _ what: String, tolerance: Double = 1e-12) {
        #expect(abs(a - b) <= tolerance * max(1, abs(b)), "\(what): \(a) vs \(b)")
    }

    @Test func braninMatchesItsChecks() {
        let f = BenchmarkFunctions.branin
        expectClose(f.value([-5, 0]), 308.129_096_011_606_63, "f(-5, 0)")
        expectClose(f.value([2.5, 7.5]), 24.129_964_413_622_268, "f(2.5, 7.5)")
        expectClose(f.value([1, 2]), 21.627_635_392_062_38, "f(1, 2)")
        expectClose(f.minimum, 0.397_887_357_729_738_4, "minimum")
        for x in [[-Double.pi, 12.275], [Double.pi, 2.275], [9.424_78, 2.475]] {
            expectClose(f.value(x), f.minimum, "f(\(x))", tolerance: 1e-5)
        }
    }

    @Test func hartmann6MatchesItsChecks() {
        let f = BenchmarkFunctions.hartmann6
        expectClose(f.value([0, 0, 0, 0, 0, 0]), -0.005_089_112_883_664_44, "f(0)")
        expectClose(f.value([Double](repeating: 0.5, count: 6)), -0.505_314_991_702_233_3, "f(0.5)")
        expectClose(f.value([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), -1.406_910_576_138_529_7, "f(0.1…0.6)")
        expectClose(f.minimum, -3.322_368_011_415_515, "minimum")
        expectClose(
            f.value([0.201_69, 0.150_011, 0.476_874, 0.275_332, 0.311_652, 0.6573]), f.minimum, "f(x*)",
            tolerance: 1e-5)
    }

    @Test func rosenbrock4MatchesItsChecks() {
        let f = BenchmarkFunctions.rosenbrock4
        expectClose(f.value([-2, -2, -2, -2]), 10827, "f(-2)")
        expectClose(f.value([0, 0, 0, 0]), 3, "f(0)")
        expectClose(f.value([0.5, -0.5, 1.5, 1]), 371.5, "f(0.5, -0.5, 1.5, 1)")
        #expect(f.value([1, 1, 1, 1]) == 0 && f.minimum == 0)
    }

    @Test func levy4MatchesItsChecks() {
        let f = BenchmarkFunctions.levy4
        expectClose(f.value([-10, -10, -10, -10]), 254.898_426_855_538_28, "f(-10)")
        expectClose(f.value([0, 0, 0, 0]), 0.897_533_662_350_923_5, "f(0)")
        expectClose(f.value([0.5, -0.5, 1.5, 1]), 0.564_684_489_074_073_2, "f(0.5, -0.5, 1.5, 1)")
        #expect(abs(f.value([1, 1, 1, 1])) < 1e-30 && f.minimum == 0)
    }

    @Test(arguments: BenchmarkFunctions.allCases)
    func sweepSpecHasOneUniformParameterPerCoordinate(_ f: BenchmarkFunctions) {
        let spec = f.sweepSpec(method: .bayes, seed: 3)
        #expect(spec.parameterNames == f.parameterNames && spec.method == .bayes && spec.seed == 3)
        #expect(spec.metric.goal == .minimize)
        for (name, range) in zip(f.parameterNames, f.bounds) {
            #expect(spec.parameters[name] == .uniform(min: range.lowerBound, max: range.upperBound))
        }
        let config = RandomSampler.config(for: 1, spec: spec)
        #expect(f.value(config) != nil)
    }
}
