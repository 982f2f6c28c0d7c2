import Core
import Testing

@testable import Search

@Suite struct GaussianSamplerTests {
    private let spec = SweepSpec(
        name: "g",
        parameters: [
            "x": .uniform(min: 0, max: 10),
            "opt": .categorical(values: [.string("a"), .string("b"), .string("c")], probabilities: nil),
        ], method: .gaussian, seed: 4)

    /// Twelve runs with x = 0.4, 1.2, …, 9.2, all with opt = "b", valued 0, 1, …, 11 (smaller is better).
    private var history: [Trial] {
        (0..<12).map { i in
            Trial(
                config: ["x": .double(Double(i) * 0.8 + 0.4), "opt": .string("b")], state: .finished, metric: Double(i))
        }
    }

    @Test func startsWithTheRandomSearchConfigs() {
        var history: [Trial] = []
        for run in 1...GaussianSampler.startupTrials {
            let config = GaussianSampler.config(for: run, spec: spec, history: history)
            #expect(config == RandomSampler.config(for: run, spec: spec), "run \(run)")
            history.append(Trial(config: config, state: .finished, metric: Double(run)))
        }
        #expect(
            GaussianSampler.config(for: 11, spec: spec, history: history) != RandomSampler.config(for: 11, spec: spec))
    }

    @Test func fitsRankWeightedMomentsOfTheEliteWithAFloor() {
        let space = SearchSpace(spec)
        let observed = ObservedTrials(history: history, space: space, metric: spec.metric)
        let (mean, spread) = GaussianSampler.fit(observed, space: space)
        // Elite: the best max(3, ⌈12/4⌉) = 3 runs, x = 0.4, 1.2, 2.0 → unit 0.04, 0.12, 0.20.
        let raw = (1...3).map { LibM.log(3.5) - LibM.log(Double($0)) }
        let w = raw.map { $0 / raw.reduce(0, +) }
        let xs = [0.04, 0.12, 0.2]
        let mu = zip(w, xs).reduce(0) { $0 + $1.0 * $1.1 }
        let sd = zip(w, xs).reduce(0) { $0 + $1.0 * ($1.1 - mu) * ($1.1 - mu) }.squareRoot()
        #expect(space.names == ["opt", "x"])
        #expect(abs(mean[1] - mu) < 1e-12 && abs(spread[1] - sd) < 1e-12)
        #expect(w[0] > w[1] && w[1] > w[2])
        // Every elite run has opt = "b": the spread is the floor, half a value's width.
        #expect(abs(mean[0] - 0.5) < 1e-12 && spread[0] == 1.0 / 6)
    }

    @Test func spreadNeverCollapses() {
        let same = (0..<12).map {
            Trial(config: ["x": .double(5), "opt": .string("a")], state: .finished, metric: Double($0))
        }
        let space = SearchSpace(spec)
        let (_, spread) = GaussianSampler.fit(
            ObservedTrials(history: same, space: space, metric: spec.metric), space: space)
        #expect(spread[1] == GaussianSampler.minimumSpread)
    }

    @Test func reflectsIntoTheUnitInterval() {
        #expect(GaussianSampler.reflect(-0.2) == 0.2)
        #expect(abs(GaussianSampler.reflect(1.3) - 0.7) < 1e-15)
        #expect(GaussianSampler.reflect(2.5) == 0.5)
        #expect(GaussianSampler.reflect(-1.5) == 0.5)
        #expect(GaussianSampler.reflect(0.25) == 0.25)
    }

    @Test func drawsConcentrateOnTheBetterRunsAndReproduce() {
        var xs: [Double] = []
        for run in 13...212 {
            let config = GaussianSampler.config(for: run, spec: spec, history: history)
            #expect(config == GaussianSampler.config(for: run, spec: spec, history: history), "run \(run)")
            guard case .double(let x) = config["x"] else {
                Issue.record("run \(run): x is \(String(describing: config["x"]))")
                return
            }
            #expect(x >= 0 && x <= 10, "run \(run)")
            xs.append(x)
        }
        let mean = xs.reduce(0, +) / Double(xs.count)
        #expect(mean < 2, "the draws should sit near the best runs (x ≈ 1), mean \(mean)")
        let opts = Set((13...212).compactMap { GaussianSampler.config(for: $0, spec: spec, history: history)["opt"] })
        #expect(opts.contains(.string("b")) && opts.count >= 2, "neighbouring categories stay reachable: \(opts)")
    }
}
