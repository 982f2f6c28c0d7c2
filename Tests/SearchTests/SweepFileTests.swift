import Core
import Foundation
import Search
import TestSupport
import Testing

@Suite struct SweepFileTests {
    // MARK: The book's sweeps

    @Test func parsesTheBooksSweepsUnchanged() throws {
        guard let dir = bookSweepsDirectory() else {
            print("skipped: ../shared/book-sweeps/ is not present next to the package")
            return
        }
        let cv = try SweepFile.load(path: dir + "/mf-HPO-CV.json")
        #expect(cv.name == "mf-HPO-CV")
        #expect(cv.method == .random)
        #expect(cv.metric == SweepMetric(name: "Test omse_mean", goal: .minimize))
        #expect(cv.parameters["steps"] == .constant(.int(2000)))
        #expect(cv.parameters["num_folds"] == .constant(.int(5)))
        #expect(cv.parameters["alpha"] == .uniform(min: 2, max: 3))
        #expect(cv.parameters["emb_dim"] == .intUniform(min: 15, max: 70))
        #expect(cv.parameters["prior_std"] == .uniform(min: 0.75, max: 1))
        #expect(cv.parameterNames == ["alpha", "ell_2", "emb_dim", "gram", "num_folds", "prior_std", "steps"])
        #expect(cv.data == nil && cv.validation == nil && cv.seed == 0)

        let reg = try SweepFile.load(path: dir + "/mf-HPO-with-reg.json")
        #expect(reg.metric.name == "Test omse")
        #expect(reg.parameters["period_length"] == .intUniform(min: 50, max: 500))
        #expect(reg.parameters["decay_pct"] == .uniform(min: 0.2, max: 0.8))
        #expect(reg.parameters.count == 8)

        let test = try SweepFile.load(path: dir + "/mf-test-sweep.json")
        #expect(test.parameters["steps"] == .intUniform(min: 1000, max: 3000))
        #expect(test.parameters["emb_dim"] == .intUniform(min: 3, max: 10))
        #expect(test.parameters["alpha"] == .uniform(min: 0.6, max: 1.75))
        #expect(test.baseDirectory == dir)
    }

    @Test func canonicalisesMetricAliases() throws {
        let spec = try parse(sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""metric": {"name": "test_omse_mean"}"#))
        #expect(spec.metric.name == "Test omse_mean")
        let other = try parse(sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""metric": {"name": "TEST-OMSE"}"#))
        #expect(other.metric.name == "Test omse")
    }

    // MARK: Defaults and every section

    @Test func fillsDefaults() throws {
        let spec = try parse(#"{"parameters": {"alpha": {"value": 1.0}}}"#, file: "Sweeps/quick.start.json")
        #expect(spec.name == "quick.start")
        #expect(spec.method == .random)
        #expect(spec.metric == SweepMetric(name: "Test omse_mean", goal: .minimize, target: nil))
        #expect(spec.seed == 0 && spec.count == nil && spec.runCap == nil)
        #expect(spec.data == nil && spec.validation == nil && spec.earlyTerminate == nil)
        #expect(!spec.runsCommand)
    }

    @Test func readsEverySection() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path + "/Data", withIntermediateDirectories: true)
        try dir.file("Data/u.data", "1\t1\t5\t1\n")
        let json = """
            {
              "name": "full", "description": "every key", "method": "grid",
              "entity": "me", "project": "mf",
              "metric": {"name": "Test omse_mean", "goal": "maximize", "target": 0.8},
              "parameters": {
                "emb_dim": {"values": [8, 16]},
                "steps": {"distribution": "int_uniform", "min": 10, "max": 12},
                "alpha": {"distribution": "q_uniform", "min": 0.5, "max": 1.0, "q": 0.25},
                "optimizer": {"value": "adam"}
              },
              "early_terminate": {"type": "hyperband", "min_iter": 3, "eta": 2, "strict": true},
              "run_cap": 50, "count": 12, "seed": 42,
              "data": {"path": "Data/u.data", "format": "movielens-100k"},
              "validation": {"folds": 5}
            }
            """
        let spec = try SweepFile.parse(Array(json.utf8), file: "full.json", baseDirectory: dir.path)
        #expect(spec.name == "full" && spec.description == "every key")
        #expect(spec.method == .grid)
        #expect(spec.entity == "me" && spec.project == "mf")
        #expect(spec.metric == SweepMetric(name: "Test omse_mean", goal: .maximize, target: 0.8))
        #expect(spec.parameters["alpha"] == .qUniform(min: 0.5, max: 1, q: 0.25, integral: false))
        #expect(spec.parameters["optimizer"] == .constant(.string("adam")))
        #expect(spec.earlyTerminate == .hyperband(.init(minIter: 3, eta: 2, strict: true)))
        #expect(spec.runCap == 50 && spec.count == 12 && spec.seed == 42)
        let resolved = URL(fileURLWithPath: dir.path + "/Data/u.data").standardizedFileURL.path
        #expect(spec.data == .file(path: resolved, format: .movieLens100k))
        #expect(spec.validation == .kFold(5))
    }

    @Test func loadResolvesDataAgainstTheSweepFilesFolder() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.file("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,1\n")
        let path = try dir.file(
            "s.json", #"{"parameters": {"alpha": {"value": 1.0}}, "data": {"path": "ratings.csv"}}"#)
        let spec = try SweepFile.load(path: path)
        #expect(spec.name == "s")
        #expect(
            spec.data
                == .file(path: URL(fileURLWithPath: dir.path + "/ratings.csv").standardizedFileURL.path, format: .auto))
    }

    @Test func readsSyntheticDataAndOtherValidations() throws {
        let spec = try parse(
            sweep(
                #"{"alpha": {"value": 1.0}}"#,
                extra:
                    #""data": {"synthetic": {"users": 40, "items": 30, "density": 0.5, "seed": 9}}, "validation": {"prequential": 0.1}"#
            ))
        #expect(spec.data == .synthetic(SyntheticSpec(users: 40, items: 30, density: 0.5, seed: 9)))
        #expect(spec.validation == .prequential(0.1))
        let holdout = try parse(sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""validation": {"holdout": 0.25}"#))
        #expect(holdout.validation == .holdout(0.25))
        let median = try parse(
            sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""early_terminate": {"type": "median", "min_iter": 100}"#))
        #expect(median.earlyTerminate == .median(minIter: 100))
    }

    @Test func readsSyntheticPopularityAndNamesABadOne() throws {
        let spec = try parse(
            sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""data": {"synthetic": {"popularity": "zipf:1.1"}}"#))
        #expect(spec.data == .synthetic(SyntheticSpec(popularity: .zipf(exponent: 1.1))))
        let found = diagnostics(
            sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""data": {"synthetic": {"popularity": "pareto"}}"#))
        #expect(found.count == 1)
        #expect(found.first?.message == #"popularity "pareto": expected uniform or zipf:S, such as zipf:1.0"#)
        #expect(found.first?.path == "data.synthetic.popularity")
    }

    @Test func alsSweepsMayNotSetWhatALSIgnores() throws {
        let found = diagnostics(
            sweep(#"{"optimizer": {"value": "als"}, "alpha": {"min": 0.01, "max": 0.1}, "steps": {"value": 10}}"#))
        #expect(found.count == 1)
        #expect(found.first?.path == "parameters.alpha")
        #expect(found.first?.message.hasPrefix("alpha does not apply to optimizer als") == true)
        // Swept beside other optimizers, a learning rate is fine: als runs ignore it.
        #expect(
            diagnostics(sweep(#"{"optimizer": {"values": ["adam", "als"]}, "alpha": {"min": 0.01, "max": 0.1}}"#))
                .isEmpty)
    }

    // MARK: Distributions

    @Test func readsEveryDistribution() throws {
        let spec = try parse(
            #"""
            {"program": "train.py", "parameters": {
              "a": {"value": [1, 5]},
              "b": {"values": ["x", true, 2.5], "probabilities": [0.2, 0.3, 0.5]},
              "c": {"distribution": "categorical_w_probabilities", "values": [1, 2], "probabilities": [0.5, 0.5]},
              "d": {"min": -3, "max": 3},
              "e": {"min": 0, "max": 1.5},
              "f": {"distribution": "q_uniform", "min": 0, "max": 100, "q": 5},
              "g": {"distribution": "q_uniform", "min": 0, "max": 100},
              "h": {"distribution": "q_uniform", "min": 0, "max": 1, "q": 0.1},
              "i": {"distribution": "log_uniform_values", "min": 1e-4, "max": 1e-1},
              "j": {"distribution": "q_log_uniform_values", "min": 8, "max": 512, "q": 8},
              "k": {"distribution": "inv_log_uniform_values", "min": 0.01, "max": 1},
              "l": {"distribution": "normal"},
              "m": {"distribution": "q_normal", "mu": 10, "sigma": 2, "q": 2},
              "n": {"distribution": "log_normal", "mu": -1, "sigma": 0.5},
              "o": {"distribution": "q_log_normal", "sigma": 0.5, "q": 0.5},
              "p": {"distribution": "constant", "value": "fixed"},
              "q": {"distribution": "int_uniform", "min": 1, "max": 4}
            }}
            """#)
        let p = spec.parameters
        #expect(p["a"] == .constant(.list([.int(1), .int(5)])))
        #expect(
            p["b"] == .categorical(values: [.string("x"), .bool(true), .double(2.5)], probabilities: [0.2, 0.3, 0.5]))
        #expect(p["c"] == .categorical(values: [.int(1), .int(2)], probabilities: [0.5, 0.5]))
        #expect(p["d"] == .intUniform(min: -3, max: 3))
        #expect(p["e"] == .uniform(min: 0, max: 1.5))
        #expect(p["f"] == .qUniform(min: 0, max: 100, q: 5, integral: true))
        #expect(p["g"] == .qUniform(min: 0, max: 100, q: 1, integral: true))
        #expect(p["h"] == .qUniform(min: 0, max: 1, q: 0.1, integral: false))
        #expect(p["i"] == .logUniformValues(min: 1e-4, max: 0.1))
        #expect(p["j"] == .qLogUniformValues(min: 8, max: 512, q: 8, integral: true))
        #expect(p["k"] == .invLogUniformValues(min: 0.01, max: 1))
        #expect(p["l"] == .normal(mu: 0, sigma: 1))
        #expect(p["m"] == .qNormal(mu: 10, sigma: 2, q: 2, integral: true))
        #expect(p["n"] == .logNormal(mu: -1, sigma: 0.5))
        #expect(p["o"] == .qLogNormal(mu: 0, sigma: 0.5, q: 0.5, integral: false))
        #expect(p["p"] == .constant(.string("fixed")))
        #expect(p["q"] == .intUniform(min: 1, max: 4))
    }

    @Test func commandSweepsTakeAnyParameterAndMetric() throws {
        let spec = try parse(
            #"{"command": ["${env}", "python", "${program}", "${args}"], "program": "train.py", "metric": {"name": "val_loss"}, "parameters": {"learning_rate": {"min": 0.001, "max": 0.1}, "layers.depth": {"values": [2, 3]}}}"#
        )
        #expect(spec.runsCommand)
        #expect(spec.metric.name == "val_loss")
        #expect(spec.command == ["${env}", "python", "${program}", "${args}"])
        #expect(spec.parameterNames == ["layers.depth", "learning_rate"])
    }

    @Test func checksTrainerValuesThroughHyperparameters() {
        let bad = diagnostics(sweep(#"{"optimizer": {"values": ["gd", "lbfgs"]}, "emb_dim": {"min": 0, "max": 8}}"#))
        #expect(bad.map(\.path) == ["parameters.optimizer.values[1]", "parameters.emb_dim.min"])
        #expect(
            bad[0].message == "parameter optimizer: expected one of gd, sgd, momentum, rmsprop, adam, als, got lbfgs")
        #expect(diagnostics(sweep(#"{"bias": {"values": [true, false]}, "y_range": {"value": [1, 5]}}"#)).isEmpty)
        let numbers = diagnostics(sweep(#"{"optimizer": {"min": 0.5, "max": 1.5}}"#))
        #expect(
            numbers.map(\.message) == [
                "parameter optimizer does not take numbers from a uniform distribution; use value or values"
            ])
    }

    @Test func rejectsLegacyLogDistributionsWithAHint() {
        let found = diagnostics(sweep(#"{"alpha": {"distribution": "log_uniform", "min": -3, "max": 0}}"#))
        #expect(
            found.map(\.message) == [
                "distribution 'log_uniform' takes its bounds as logarithms and is not supported; use 'log_uniform_values' with the bounds themselves"
            ])
    }

    @Test func gridAcceptsDiscreteDistributionsOnly() {
        let ok = sweep(
            #"{"emb_dim": {"values": [8, 16]}, "steps": {"min": 10, "max": 12}, "alpha": {"distribution": "q_uniform", "min": 0.5, "max": 1, "q": 0.25}, "gram": {"distribution": "q_log_uniform_values", "min": 1, "max": 8, "q": 1}, "ell_2": {"value": 0.1}}"#,
            method: "grid")
        #expect(diagnostics(ok).isEmpty)
        let probabilities = diagnostics(
            sweep(#"{"emb_dim": {"values": [8, 16], "probabilities": [0.5, 0.5]}}"#, method: "grid"))
        #expect(probabilities.map(\.message) == ["probabilities do not apply to grid search"])
        let huge = diagnostics(sweep(#"{"steps": {"min": 1, "max": 1000000}}"#, method: "grid"))
        #expect(huge.map(\.message) == ["'steps' has more than 100000 grid values"])
    }

    // MARK: Canonical JSON and overrides

    @Test func canonicalJSONSortsKeysAndFillsDefaults() throws {
        let spec = try parse(
            #"{"parameters": {"steps": {"value": 2000}, "emb_dim": {"min": 15, "max": 70}, "alpha": {"min": 2, "max": 3.0}}, "name": "x"}"#
        )
        #expect(
            spec.canonicalJSON
                == #"{"method":"random","metric":{"goal":"minimize","name":"Test omse_mean"},"name":"x","parameters":{"alpha":{"distribution":"uniform","max":3.0,"min":2.0},"emb_dim":{"distribution":"int_uniform","max":70,"min":15},"steps":{"distribution":"constant","value":2000}},"seed":0}"#
        )
    }

    @Test func canonicalJSONParsesBackToTheSameSpec() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.file("u.data", "1\t1\t5\t1\n")
        let sources = [
            #"{"name": "a\"b\\c é", "description": "é\n", "parameters": {"alpha": {"min": 0.1, "max": 1e-0}, "emb_dim": {"min": 1, "max": 9}}, "data": {"path": "u.data", "format": "movielens-100k"}, "validation": {"holdout": 0.2}, "seed": 18446744073709551615, "count": 3, "run_cap": 9}"#,
            #"{"method": "grid", "parameters": {"steps": {"distribution": "q_uniform", "min": 10, "max": 100, "q": 10}, "alpha": {"distribution": "q_uniform", "min": 0.5, "max": 1, "q": 0.25}, "gram": {"distribution": "q_log_uniform_values", "min": 1, "max": 8}}, "metric": {"name": "test_omse", "goal": "maximize", "target": 0.5}, "early_terminate": {"type": "hyperband", "max_iter": 27, "s": 2}}"#,
            #"{"program": "t.py", "command": ["${interpreter}", "${program}", "${args_json}"], "entity": "e", "project": "p", "parameters": {"x": {"distribution": "q_normal", "q": 0.5}, "y": {"distribution": "q_log_normal", "mu": 1, "q": 2}, "z": {"values": [[1, 2], "s", false, 0.0], "probabilities": [0.1, 0.2, 0.3, 0.4]}, "w": {"distribution": "inv_log_uniform_values", "min": 1, "max": 10}, "v": {"distribution": "log_normal"}, "u": {"distribution": "normal", "mu": -2}}, "data": {"synthetic": {"users": 12, "round": true}}, "validation": {"folds": 3}, "early_terminate": {"type": "median"}}"#,
        ]
        for source in sources {
            let spec = try SweepFile.parse(Array(source.utf8), file: "s.json", baseDirectory: dir.path)
            let again = try SweepFile.parse(Array(spec.canonicalJSON.utf8), file: "other.json", baseDirectory: dir.path)
            #expect(again == spec, "\(spec.canonicalJSON)")
            #expect(again.canonicalJSON == spec.canonicalJSON)
        }
    }

    @Test func overridingDataReplacesTheSweepsOwn() throws {
        let spec = try parse(sweep(#"{"alpha": {"value": 1.0}}"#, extra: #""data": {"synthetic": {}}"#))
        let moved = spec.overridingData(path: "/data/ml-100k/u.data", format: .movieLens100k)
        #expect(moved.data == .file(path: "/data/ml-100k/u.data", format: .movieLens100k))
        #expect(moved.canonicalJSON.contains(#""data":{"format":"movielens-100k","path":"/data/ml-100k/u.data"}"#))
        let relative = spec.overridingData(path: "u.data", format: .auto)
        guard case .file(let path, _, _) = relative.data else {
            Issue.record("expected a file")
            return
        }
        #expect(path.hasPrefix("/") && path.hasSuffix("/u.data"))
    }

    @Test func diagnosticDescriptionIsCompilerStyle() {
        let d = Diagnostic(
            file: "Sweeps/x.json", line: 14, column: 18, message: "min must be less than max", path: "parameters.alpha")
        #expect(d.description == "Sweeps/x.json:14:18: error: min must be less than max [at parameters.alpha]")
        let root = Diagnostic(file: "x.json", line: 1, column: 1, message: "missing key 'parameters'")
        #expect(root.description == "x.json:1:1: error: missing key 'parameters'")
    }
}
