import Core
import Testing

@testable import Search

@Suite struct BayesSamplerTests {
    private let branin = BenchmarkFunctions.branin

    /// The first `count` random-search runs of `spec`, finished with their branin values.
    private func startup(_ spec: SweepSpec, count: Int = 10) -> [Trial] {
        (1...count).map { run in
            let config = RandomSampler.config(for: run, spec: spec)
            return Trial(config: config, state: .finished, metric: branin.value(config)!)
        }
    }

    @Test func startsWithTheRandomSearchConfigs() {
        let spec = branin.sweepSpec(method: .bayes, seed: 2)
        var history: [Trial] = []
        for run in 1...BayesSampler.startupTrials {
            let config = BayesSampler.config(for: run, spec: spec, history: history)
            #expect(config == RandomSampler.config(for: run, spec: spec), "run \(run)")
            history.append(Trial(config: config, state: .finished, metric: branin.value(config)!))
        }
    }

    @Test(arguments: [UInt64(0), 1])
    func sameHistoryGivesTheSameConfig(seed: UInt64) {
        let spec = branin.sweepSpec(method: .bayes, seed: seed)
        let history = startup(spec)
        let a = BayesSampler.config(for: 11, spec: spec, history: history)
        #expect(a == BayesSampler.config(for: 11, spec: spec, history: history), "seed \(seed)")
        #expect(a != RandomSampler.config(for: 11, spec: spec), "seed \(seed)")
    }

    /// Eight agents claiming runs 11…18 at once, each seeing the earlier claims as running, get
    /// eight distinct configs (no two within 1e-6 in the unit cube, none on an earlier run; the
    /// running ones count as earlier runs).
    @Test(arguments: [UInt64(0), 5])
    func eightConcurrentProposalsAreDistinct(seed: UInt64) throws {
        let spec = branin.sweepSpec(method: .bayes, seed: seed)
        let space = SearchSpace(spec)
        var history = startup(spec)
        var proposed: [[Double]] = []
        for run in 11...18 {
            let config = try #require(Sampling.nextConfig(spec: spec, runNumber: run, history: history))
            let point = try #require(space.point(for: config))
            for earlier in history.compactMap({ space.point(for: $0.config) }) {
                let distance = zip(point, earlier).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                #expect(distance > 1e-6, "seed \(seed) run \(run): \(point) is on \(earlier)")
            }
            proposed.append(point)
            history.append(Trial(config: config, state: .running))
        }
        // Not merely distinct: spread out (on these seeds the closest pair is 0.04–0.13 apart).
        for i in proposed.indices {
            for j in 0..<i {
                let distance = zip(proposed[i], proposed[j]).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                    .squareRoot()
                #expect(distance > 1e-3, "seed \(seed): runs \(11 + j) and \(11 + i) are \(distance) apart")
            }
        }
    }

    @Test func maximisingTheNegationProposesTheSame() {
        let spec = branin.sweepSpec(method: .bayes, seed: 3)
        var negated = spec
        negated.metric.goal = .maximize
        let history = startup(spec)
        let flipped = history.map { Trial(config: $0.config, state: $0.state, metric: -$0.metric!) }
        #expect(
            BayesSampler.config(for: 11, spec: spec, history: history)
                == BayesSampler.config(for: 11, spec: negated, history: flipped))
    }

    @Test func findsTheBottomOfABowl() throws {
        // f = (x − 0.3)² + (y − 0.7)² on the unit square: five model-based runs after ten random.
        let spec = SweepSpec(
            name: "bowl", parameters: ["x": .uniform(min: 0, max: 1), "y": .uniform(min: 0, max: 1)], method: .bayes,
            seed: 1)
        func f(_ c: [String: ParameterValue]) -> Double {
            let x = c["x"]!.number!
            let y = c["y"]!.number!
            return (x - 0.3) * (x - 0.3) + (y - 0.7) * (y - 0.7)
        }
        var history = (1...10).map { run in
            let c = RandomSampler.config(for: run, spec: spec)
            return Trial(config: c, state: .finished, metric: f(c))
        }
        let randomBest = history.map { $0.metric! }.min()!
        for run in 11...15 {
            let c = BayesSampler.config(for: run, spec: spec, history: history)
            history.append(Trial(config: c, state: .finished, metric: f(c)))
        }
        let best = history.map { $0.metric! }.min()!
        #expect(best < randomBest / 10 && best < 1e-3, "random best \(randomBest), after bayes \(best)")
    }

    @Test func proposesValidConfigsInAMixedSpace() throws {
        let spec = SweepSpec(
            name: "mixed",
            parameters: [
                "alpha": .logUniformValues(min: 1, max: 100), "emb_dim": .intUniform(min: 8, max: 128),
                "optimizer": .categorical(values: [.string("gd"), .string("adam")], probabilities: nil),
                "steps": .constant(.int(100)),
            ], method: .bayes, seed: 9)
        func loss(_ c: [String: ParameterValue]) -> Double {
            let a = c["alpha"]!.number!
            let d = c["emb_dim"]!.number!
            return LibM.log(a) * LibM.log(a) / 10 + abs(d - 64) / 64 + (c["optimizer"] == .string("adam") ? 0 : 0.5)
        }
        var history = (1...10).map { run in
            let c = RandomSampler.config(for: run, spec: spec)
            return Trial(config: c, state: .finished, metric: loss(c))
        }
        history.append(Trial(config: RandomSampler.config(for: 11, spec: spec), state: .failed))
        for run in 12...14 {
            let c = BayesSampler.config(for: run, spec: spec, history: history)
            #expect(Set(c.keys) == ["alpha", "emb_dim", "optimizer", "steps"], "run \(run)")
            guard case .double(let a) = c["alpha"], case .int(let d) = c["emb_dim"] else {
                Issue.record("run \(run): wrong types \(c)")
                return
            }
            #expect(a >= 1 && a <= 100 && (8...128).contains(d), "run \(run): \(c)")
            #expect(c["optimizer"] == .string("gd") || c["optimizer"] == .string("adam"))
            #expect(c["steps"] == .int(100))
            history.append(Trial(config: c, state: .finished, metric: loss(c)))
        }
    }

    @Test func degenerateHistoriesStillGiveAConfig() throws {
        let grid = SweepSpec(
            name: "tiny",
            parameters: [
                "a": .categorical(values: [.string("x"), .string("y"), .string("z")], probabilities: nil),
                "b": .intUniform(min: 1, max: 3),
            ], method: .bayes, seed: 0)
        // Every point of the 3 × 3 space taken, all with the same value: a repeat is all that is left.
        var history: [Trial] = []
        for a in ["x", "y", "z"] {
            for b in 1...3 {
                history.append(Trial(config: ["a": .string(a), "b": .int(b)], state: .finished, metric: 1))
            }
        }
        history.append(Trial(config: ["a": .string("x"), "b": .int(2)], state: .finished, metric: .nan))
        let config = BayesSampler.config(for: 11, spec: grid, history: history)
        #expect(SearchSpace(grid).point(for: config) != nil, "\(config)")

        // Only failures: nothing to learn from, so the random search's config.
        let spec = branin.sweepSpec(method: .bayes, seed: 1)
        let failed = (1...12).map { Trial(config: RandomSampler.config(for: $0, spec: spec), state: .failed) }
        #expect(BayesSampler.config(for: 13, spec: spec, history: failed) == RandomSampler.config(for: 13, spec: spec))
    }
}
