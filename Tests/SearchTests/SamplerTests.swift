import Core
import Search
import Testing

private let bookCV = #"""
    {"name": "mf-HPO-CV", "method": "random", "parameters": {
      "steps": {"value": 2000}, "num_folds": {"value": 5}, "alpha": {"min": 2.0, "max": 3.0},
      "emb_dim": {"min": 15, "max": 70}, "prior_std": {"min": 0.75, "max": 1.0},
      "ell_2": {"min": 0.05, "max": 0.5}, "gram": {"min": 0.1, "max": 0.6}},
     "metric": {"name": "Test omse_mean", "goal": "minimize"}}
    """#

@Suite struct RandomSamplerTests {
    @Test(arguments: [UInt64(0), 1, 99])
    func sameSeedAndRunGiveTheSameConfig(seed: UInt64) throws {
        var spec = try parse(bookCV)
        spec.seed = seed
        for run in 1...20 {
            #expect(
                RandomSampler.config(for: run, spec: spec) == RandomSampler.config(for: run, spec: spec),
                "seed \(seed) run \(run)")
        }
        let configs = (1...20).map { RandomSampler.config(for: $0, spec: spec) }
        #expect(Set(configs.map { $0["alpha"]! }).count == 20, "seed \(seed): runs should differ")
        var other = spec
        other.seed = seed + 1
        #expect(RandomSampler.config(for: 1, spec: other) != configs[0], "seed \(seed)")
    }

    @Test func reparsedSpecGivesTheSameConfigs() throws {
        let spec = try parse(bookCV)
        let again = try parse(spec.canonicalJSON)
        #expect(
            (1...10).map { RandomSampler.config(for: $0, spec: spec) }
                == (1...10).map { RandomSampler.config(for: $0, spec: again) })
    }

    @Test(arguments: [UInt64(0), 5])
    func valuesStayInBoundsWithTheirTypes(seed: UInt64) throws {
        var spec = try parse(bookCV)
        spec.seed = seed
        for run in 1...200 {
            let c = RandomSampler.config(for: run, spec: spec)
            #expect(Set(c.keys) == Set(spec.parameterNames))
            #expect(c["steps"] == .int(2000) && c["num_folds"] == .int(5))
            guard case .int(let d) = c["emb_dim"], case .double(let a) = c["alpha"] else {
                Issue.record("seed \(seed) run \(run): wrong types \(c)")
                return
            }
            #expect((15...70).contains(d) && a >= 2 && a < 3, "seed \(seed) run \(run)")
            #expect((try? Hyperparameters(c)) != nil, "seed \(seed) run \(run): trainer rejects \(c)")
        }
    }

    @Test func samplingDispatchesOnMethod() throws {
        let spec = try parse(bookCV)
        #expect(Sampling.nextConfig(spec: spec, runNumber: 4, taken: []) == RandomSampler.config(for: 4, spec: spec))
    }
}

@Suite struct GridSamplerTests {
    private let twoByThree = sweep(
        #"{"optimizer": {"values": ["gd", "momentum", "adam"]}, "emb_dim": {"values": [8, 16]}}"#, method: "grid")

    @Test func walksTheProductInNameOrderLastNameFastest() throws {
        let spec = try parse(twoByThree)
        #expect(GridSampler.size(spec: spec) == 6)
        var taken: [[String: ParameterValue]] = []
        while let next = GridSampler.next(spec: spec, taken: taken) { taken.append(next) }
        let order = taken.map { "\($0["emb_dim"]!)/\($0["optimizer"]!)" }
        #expect(order == ["8/gd", "8/momentum", "8/adam", "16/gd", "16/momentum", "16/adam"])
        #expect(GridSampler.next(spec: spec, taken: taken) == nil)
        #expect(Sampling.nextConfig(spec: spec, runNumber: 7, taken: taken) == nil)
    }

    @Test func skipsTakenPointsComparingNumbersNumerically() throws {
        let spec = try parse(twoByThree)
        let taken: [[String: ParameterValue]] = [
            ["emb_dim": .double(8), "optimizer": .string("gd")],
            ["emb_dim": .int(8), "optimizer": .string("momentum"), "steps": .int(5)],  // extra keys are ignored
            ["optimizer": .string("adam")],  // missing emb_dim: matches nothing
        ]
        #expect(GridSampler.next(spec: spec, taken: taken) == ["emb_dim": .int(8), "optimizer": .string("adam")])
        let later =
            taken + [
                ["emb_dim": .int(8), "optimizer": .string("adam")], ["emb_dim": .int(16), "optimizer": .string("gd")],
            ]
        #expect(
            Sampling.nextConfig(spec: spec, runNumber: 3, taken: later) == [
                "emb_dim": .int(16), "optimizer": .string("momentum"),
            ])
    }

    @Test func intUniformIsInclusiveAndQUniformExclusive() throws {
        let spec = try parse(
            sweep(
                #"{"steps": {"min": 1, "max": 3}, "alpha": {"distribution": "q_uniform", "min": 0.5, "max": 1.5, "q": 0.5}, "ell_2": {"value": 0.1}}"#,
                method: "grid"))
        #expect(GridSampler.size(spec: spec) == 6)
        var taken: [[String: ParameterValue]] = []
        while let next = GridSampler.next(spec: spec, taken: taken) { taken.append(next) }
        #expect(
            taken.map { "\($0["alpha"]!),\($0["steps"]!)" } == ["0.5,1", "0.5,2", "0.5,3", "1.0,1", "1.0,2", "1.0,3"])
        #expect(taken.allSatisfy { $0["ell_2"] == .double(0.1) })
    }

    @Test func continuousSpecHasNoGrid() throws {
        let spec = try parse(bookCV)
        #expect(GridSampler.size(spec: spec) == 0)
        #expect(GridSampler.next(spec: spec, taken: []) == nil)
    }
}

@Suite struct SamplingHistoryTests {
    @Test func everyMethodAcceptsAHistory() throws {
        for method in SearchMethod.allCases where method != .grid {
            var spec = try parse(bookCV)
            spec.method = method
            let history = (1...3).map {
                Trial(config: RandomSampler.config(for: $0, spec: spec), state: .finished, metric: Double($0))
            }
            // Fewer than ten results: every method still proposes the random search's config.
            #expect(
                Sampling.nextConfig(spec: spec, runNumber: 4, history: history)
                    == RandomSampler.config(for: 4, spec: spec), "\(method)")
            #expect(
                Sampling.nextConfig(spec: spec, runNumber: 4, taken: history.map(\.config))
                    == RandomSampler.config(for: 4, spec: spec), "\(method)")
        }
    }

    @Test func gridSkipsConfigsOfEveryState() throws {
        let spec = try parse(sweep(#"{"emb_dim": {"values": [8, 16, 32]}}"#, method: "grid"))
        let history = [
            Trial(config: ["emb_dim": .int(8)], state: .failed), Trial(config: ["emb_dim": .int(16)], state: .running),
        ]
        #expect(Sampling.nextConfig(spec: spec, runNumber: 3, history: history) == ["emb_dim": .int(32)])
    }

    @Test func sweepFilesAcceptGaussianAndBayesWithImputeRules() throws {
        let spec = try parse(
            sweep(
                #"{"alpha": {"min": 1.0, "max": 100.0, "distribution": "log_uniform_values"}}"#, method: "bayes",
                extra: #""metric": {"name": "test_omse_mean", "impute": "latest", "impute_while_running": "worst"}"#))
        #expect(spec.method == .bayes)
        #expect(spec.metric == SweepMetric(name: "Test omse_mean", impute: .latest, imputeWhileRunning: .worst))
        #expect(try parse(spec.canonicalJSON) == spec)
        let plain = try parse(
            sweep(
                #"{"alpha": {"value": 1.0}}"#, method: "gaussian",
                extra: #""metric": {"name": "Test omse", "impute_while_running": "false"}"#))
        #expect(plain.method == .gaussian && plain.metric.imputeWhileRunning == nil && plain.metric.impute == nil)
        #expect(!plain.canonicalJSON.contains("impute"))
    }
}
