import Core
import Testing

@testable import Search

@Suite struct SearchSpaceTests {
    private func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(a), abs(b))
    }

    @Test func uniformIsLinear() {
        let d = Distribution.uniform(min: 2, max: 6)
        #expect(d.value(atUnit: 0.25) == .double(3))
        #expect(d.unitCoordinate(of: .double(3)) == 0.25)
        #expect(d.unitCoordinate(of: .int(6)) == 1)
        #expect(d.unitCoordinate(of: .double(9)) == 1, "clamped")
        #expect(d.value(atUnit: -1) == .double(2), "clamped")
        #expect(d.unitCoordinate(of: .string("x")) == nil)
    }

    @Test func logFormsAreLinearInLogScale() throws {
        for d in [Distribution.logUniformValues(min: 1e-4, max: 1), .invLogUniformValues(min: 1e-4, max: 1)] {
            let mid = try #require(d.value(atUnit: 0.5).number)
            #expect(close(mid, 1e-2), "\(d.name)")
            #expect(close(d.unitCoordinate(of: .double(1e-3))!, 0.25), "\(d.name)")
            #expect(d.unitCoordinate(of: .double(0)) == nil && d.unitCoordinate(of: .double(-1)) == nil)
        }
        let q = Distribution.qLogUniformValues(min: 8, max: 128, q: 1, integral: true)
        #expect(q.value(atUnit: 0.5) == .int(32))
        for v in 8...128 {
            #expect(q.value(atUnit: q.unitCoordinate(of: .int(v))!) == .int(v), "value \(v)")
        }
    }

    @Test func integersAreEqualBinsInOrder() {
        let d = Distribution.intUniform(min: 15, max: 70)
        #expect(d.value(atUnit: 0) == .int(15) && d.value(atUnit: 1) == .int(70))
        #expect(d.value(atUnit: 0.999_999) == .int(70))
        #expect(d.unitCoordinate(of: .int(15)) == 0.5 / 56)
        for v in 15...70 {
            #expect(d.value(atUnit: d.unitCoordinate(of: .int(v))!) == .int(v), "value \(v)")
        }
        #expect(d.unitCoordinate(of: .double(15.0)) == d.unitCoordinate(of: .int(15)))
    }

    @Test func categoricalsAreBinsInIndexOrder() {
        let d = Distribution.categorical(
            values: [.string("gd"), .string("momentum"), .string("adam")], probabilities: nil)
        #expect(d.value(atUnit: 0.1) == .string("gd"))
        #expect(d.value(atUnit: 0.5) == .string("momentum"))
        #expect(d.value(atUnit: 1) == .string("adam"))
        #expect(d.unitCoordinate(of: .string("momentum")) == 0.5)
        #expect(d.unitCoordinate(of: .string("sgd")) == nil)
        let numbers = Distribution.categorical(values: [.int(2), .int(4)], probabilities: [0.9, 0.1])
        #expect(numbers.unitCoordinate(of: .double(4)) == 0.75, "numbers compare numerically")
    }

    @Test func quantisedFormsRoundAfterWarping() {
        let d = Distribution.qUniform(min: 0.5, max: 1.5, q: 0.5, integral: false)
        #expect(d.value(atUnit: 0.3) == .double(1.0))
        #expect(d.unitCoordinate(of: .double(1.0)) == 0.5)
        let ints = Distribution.qUniform(min: 0, max: 100, q: 10, integral: true)
        #expect(ints.value(atUnit: 0.44) == .int(40))
    }

    @Test func normalFormsCoverFourSigmas() throws {
        let d = Distribution.normal(mu: 1, sigma: 2)
        #expect(d.value(atUnit: 0.5) == .double(1))
        #expect(d.unitCoordinate(of: .double(1)) == 0.5)
        #expect(close(try #require(d.value(atUnit: 0).number), -7, 1e-9))
        #expect(close(try #require(d.value(atUnit: 1).number), 9, 1e-9))
        for u in stride(from: 0.0, through: 1.0, by: 0.05) {
            #expect(close(d.unitCoordinate(of: d.value(atUnit: u))!, u, 1e-10), "u \(u)")
        }
        let ln = Distribution.logNormal(mu: 0, sigma: 1)
        #expect(close(try #require(ln.value(atUnit: 0.5).number), 1))
        #expect(ln.unitCoordinate(of: .double(0)) == nil)
        #expect(Distribution.qLogNormal(mu: 2, sigma: 0.5, q: 1, integral: true).value(atUnit: 0.5) == .int(7))
    }

    @Test func portableNormalFunctionsMatchReferenceValues() {
        #expect(close(PortableMath.normalCDF(1), 0.841_344_746_068_542_9, 1e-14))
        #expect(close(PortableMath.normalCDF(-2), 0.022_750_131_948_179_195, 1e-12))
        #expect(PortableMath.normalCDF(0) == 0.5)
        #expect(close(PortableMath.normalQuantile(0.975), 1.959_963_984_540_054, 1e-12))
        #expect(close(PortableMath.normalQuantile(1e-4), -3.719_016_485_455_68, 1e-10))
        for p in [1e-6, 0.01, 0.3, 0.5, 0.77, 0.999] {
            #expect(close(PortableMath.normalCDF(PortableMath.normalQuantile(p)), p, 1e-12), "p \(p)")
        }
    }

    private static let mixed = SweepSpec(
        name: "mixed",
        parameters: [
            "alpha": .logUniformValues(min: 1, max: 100), "emb_dim": .intUniform(min: 8, max: 128),
            "optimizer": .categorical(values: [.string("gd"), .string("adam")], probabilities: nil),
            "prior_std": .uniform(min: 0.05, max: 1.5), "steps": .constant(.int(100)),
            "folds": .categorical(values: [.int(5)], probabilities: nil), "decay": .normal(mu: 0.9, sigma: 0.05),
            "gram": .qLogUniformValues(min: 1e-4, max: 1, q: 1e-4, integral: false),
        ])

    @Test func spaceHasOneAxisPerSweptParameterInNameOrder() {
        let space = SearchSpace(Self.mixed)
        #expect(space.names == ["alpha", "decay", "emb_dim", "gram", "optimizer", "prior_std"])
        #expect(space.constants == ["steps": .int(100), "folds": .int(5)])
        #expect(space.isDiscrete == [false, false, true, true, true, false])
        #expect(space.config(at: [Double](repeating: 0.5, count: 6))["steps"] == .int(100))
    }

    @Test(arguments: [UInt64(0), 7])
    func configsRoundTripThroughTheCube(seed: UInt64) throws {
        var spec = Self.mixed
        spec.seed = seed
        let space = SearchSpace(spec)
        for run in 1...50 {
            let config = RandomSampler.config(for: run, spec: spec)
            let point = try #require(space.point(for: config), "seed \(seed) run \(run)")
            let back = space.config(at: point)
            for name in spec.parameterNames {
                let a = try #require(config[name])
                let b = try #require(back[name])
                if let x = a.number, let y = b.number {
                    #expect(close(x, y, 1e-10), "seed \(seed) run \(run) \(name): \(a) vs \(b)")
                } else {
                    #expect(a == b, "seed \(seed) run \(run) \(name)")
                }
            }
            #expect(space.snapped(point).enumerated().allSatisfy { close($0.element, point[$0.offset], 1e-10) })
        }
        var rng = SeededGenerator(seed: seed, stream: "test")
        for _ in 0..<50 {
            let u = (0..<space.dimension).map { _ in rng.nextUnit() }
            let back = try #require(space.point(for: space.config(at: u)))
            for a in 0..<space.dimension where !space.isDiscrete[a] {
                #expect(close(back[a], u[a], 1e-10), "seed \(seed) axis \(space.names[a])")
            }
            let snapped = space.snapped(u)
            for a in 0..<space.dimension where space.isDiscrete[a] {
                #expect(back[a] == snapped[a], "seed \(seed) axis \(space.names[a])")
            }
        }
    }

    @Test func configsMissingAParameterHaveNoPoint() {
        let space = SearchSpace(Self.mixed)
        var config = RandomSampler.config(for: 1, spec: Self.mixed)
        config["alpha"] = nil
        #expect(space.point(for: config) == nil)
    }
}
