import Foundation
import Testing
import Tracking

/// Malformed sweep files through `mfsweep launch` (in-process: it rejects them before it starts
/// any agent): every one exits 64 with one diagnostic line per problem in the compiler's shape,
/// and leaves no store behind. (The exact positions and paths of each diagnostic are checked on
/// the parser in SearchTests.)
struct MalformedSweepLaunchTests {
    static let data = #""data": {"synthetic": {"users": 30, "items": 20, "density": 0.3}}"#
    static let ok = #""emb_dim": {"min": 2, "max": 4}"#

    /// (name, file text, a fragment the diagnostic must contain).
    static let corpus: [(String, String, String)] = [
        ("trailing comma", #"{"parameters": {\#(ok)},}"#, "error:"),
        ("unterminated string", #"{"parameters": {"emb_dim": {"value": 3}}, "name": "x}"#, "error:"),
        ("missing colon", #"{"parameters" {\#(ok)}}"#, "error:"),
        ("not an object", #"[1, 2]"#, "error:"),
        ("empty file", "", "error:"),
        ("duplicate key", #"{"parameters": {\#(ok)}, "parameters": {}}"#, "duplicate"),
        ("unknown top-level key", #"{\#(data), "parameters": {\#(ok)}, "paramters": {}}"#, "paramters"),
        ("unknown parameter key", #"{\#(data), "parameters": {"emb_dim": {"min": 2, "maxx": 4}}}"#, "maxx"),
        (
            "min not below max", #"{\#(data), "parameters": {"alpha": {"min": 3.0, "max": 1.0}}}"#,
            "[at parameters.alpha"
        ),
        ("min equals max", #"{\#(data), "parameters": {"emb_dim": {"min": 4, "max": 4}}}"#, "[at parameters.emb_dim"),
        (
            "min is a string", #"{\#(data), "parameters": {"alpha": {"min": "1", "max": 2.0}}}"#,
            "[at parameters.alpha.min]"
        ),
        (
            "values not an array", #"{\#(data), "parameters": {"emb_dim": {"values": 3}}}"#,
            "[at parameters.emb_dim.values]"
        ),
        (
            "probabilities do not sum to 1",
            #"{\#(data), "parameters": {"emb_dim": {"values": [2, 3], "probabilities": [0.5, 0.6]}}}"#, "probabilities"
        ),
        (
            "probabilities of the wrong length",
            #"{\#(data), "parameters": {"emb_dim": {"values": [2, 3], "probabilities": [1.0]}}}"#, "probabilities"
        ),
        (
            "unknown distribution",
            #"{\#(data), "parameters": {"alpha": {"distribution": "gamma", "min": 1, "max": 2}}}"#, "gamma"
        ),
        (
            "log distribution with min 0",
            #"{\#(data), "parameters": {"alpha": {"distribution": "log_uniform_values", "min": 0.0, "max": 1.0}}}"#,
            "[at parameters.alpha"
        ),
        (
            "normal with negative sigma",
            #"{\#(data), "parameters": {"alpha": {"distribution": "normal", "mu": 1.0, "sigma": -1.0}}}"#, "sigma"
        ),
        ("unknown method", #"{\#(data), "method": "bandit", "parameters": {\#(ok)}}"#, "[at method]"),
        ("nested parameters", #"{\#(data), "parameters": {"opt": {"parameters": {\#(ok)}}}}"#, "nested"),
        (
            "grid over a uniform parameter",
            #"{\#(data), "method": "grid", "parameters": {"alpha": {"min": 1.0, "max": 2.0}}}"#, "grid"
        ),
        (
            "two validation keys", #"{\#(data), "validation": {"folds": 3, "holdout": 0.2}, "parameters": {\#(ok)}}"#,
            "[at validation"
        ),
        ("one fold", #"{\#(data), "validation": {"folds": 1}, "parameters": {\#(ok)}}"#, "[at validation.folds]"),
        (
            "more folds than ratings", #"{\#(data), "validation": {"folds": 1000000}, "parameters": {\#(ok)}}"#,
            "got 1000000 (the data, synthetic, has 168 ratings) [at validation.folds]"
        ),
        (
            "holdout above 1", #"{\#(data), "validation": {"holdout": 1.5}, "parameters": {\#(ok)}}"#,
            "[at validation.holdout]"
        ),
        (
            "missing data file", #"{"data": {"path": "no-such-ratings.csv"}, "parameters": {\#(ok)}}"#,
            "no-such-ratings.csv"
        ),
        ("unknown trainer parameter", #"{\#(data), "parameters": {"learning_rate": {"value": 0.1}}}"#, "learning_rate"),
        ("bad metric name", #"{\#(data), "metric": {"name": "accuracy"}, "parameters": {\#(ok)}}"#, "[at metric.name]"),
        (
            "bad goal", #"{\#(data), "metric": {"name": "Test omse", "goal": "lower"}, "parameters": {\#(ok)}}"#,
            "[at metric.goal]"
        ),
        ("run_cap zero", #"{\#(data), "run_cap": 0, "parameters": {\#(ok)}}"#, "[at run_cap]"),
        ("negative count", #"{\#(data), "count": -1, "parameters": {\#(ok)}}"#, "[at count]"),
        (
            "bad early_terminate", #"{\#(data), "early_terminate": {"type": "asha"}, "parameters": {\#(ok)}}"#,
            "early_terminate"
        ),
        ("empty parameters", #"{\#(data), "parameters": {}}"#, "[at parameters]"),
        ("emb_dim not an integer", #"{\#(data), "parameters": {"emb_dim": {"value": 2.5}}}"#, "[at parameters.emb_dim"),
    ]

    @Test(arguments: corpus.indices)
    func launchRejectsTheFileWithItsDiagnostic(index: Int) async throws {
        let (name, text, fragment) = Self.corpus[index]
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let file = try dir.write("bad.json", text)
        let store = dir.url("runs/store.sqlite")
        let result = try await CLI.run(["launch", file, "--store", store])
        #expect(result.exitCode == 64, "\(name): \(result)")
        #expect(result.stdout.isEmpty, "\(name)")
        let lines = result.stderrLines
        #expect(!lines.isEmpty, "\(name)")
        for line in lines {
            // FILE:LINE:COL: error: MESSAGE [at PATH]
            #expect(line.hasPrefix(file + ":"), "\(name): \(line)")
            let rest = line.dropFirst(file.count + 1)
            let parts = rest.split(separator: ":", maxSplits: 2)
            #expect(parts.count == 3 && Int(parts[0]) != nil && Int(parts[1]) != nil, "\(name): \(line)")
            #expect(parts.count == 3 && parts[2].hasPrefix(" error: "), "\(name): \(line)")
        }
        #expect(result.stderr.contains(fragment), "\(name): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store), "\(name): a store was created")
    }
}

/// A sweep whose validation its data cannot satisfy, refused by `launch` up front as `train`
/// refuses it, instead of a sweep whose every run fails.
struct ImpossibleValidationLaunchTests {
    @Test("launch checks the validation a sweep without a \"validation\" key implies: num_folds, else a 20% holdout")
    func launchChecksTheImpliedValidation() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let ratings = try dir.write("one.data", "1\t1\t4\t100\n")
        let holdout = try dir.write(
            "holdout.json",
            """
            {"name": "holdout", "data": {"path": "one.data"}, "parameters": {"emb_dim": {"value": 2}}}
            """)
        let folds = try dir.write(
            "numfolds.json",
            """
            {"name": "numfolds", "data": {"path": "one.data"},
             "parameters": {"num_folds": {"value": 3}, "emb_dim": {"value": 2}}}
            """)
        let storePath = dir.url("runs/store.sqlite")
        let first = try await CLI.run(["launch", holdout, "--store", storePath])
        #expect(first.exitCode == 64, "\(first)")
        #expect(
            first.stderrLines == [
                "\(holdout):1:1: error: test fraction 0.2 of 1 rows leaves the test set empty; with 1 rows the "
                    + "fraction must be at least 0.5 (the data, \(ratings), has 1 rating); the sweep has no "
                    + "\"validation\", so each run holds out 20%"
            ], "\(first)")
        let second = try await CLI.run(["launch", folds, "--store", storePath])
        #expect(second.exitCode == 64, "\(second)")
        #expect(second.stderrLines.count == 1, "\(second)")
        #expect(second.stderr.hasPrefix("\(folds):2:30: error: k-fold cross-validation needs at least 2 ratings"))
        #expect(second.stderr.hasSuffix("[at parameters.num_folds]\n"), "\(second)")
        #expect(!FileManager.default.fileExists(atPath: storePath))
    }

    @Test(
        "launch of 2 folds of a 1-rating file exits 64 with one line at validation.folds naming the data size, and adds no sweep to the store"
    )
    func launchRefusesMoreFoldsThanRatings() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let ratings = try dir.write("one.data", "1\t1\t4\t100\n")
        let file = try dir.write(
            "folds.json",
            """
            {"name": "folds", "data": {"path": "one.data"},
             "validation": {"folds": 2},
             "parameters": {"emb_dim": {"value": 2}}}
            """)
        let storePath = dir.url("store.sqlite")
        #expect(try RunStore(path: storePath).sweeps().isEmpty)
        let result = try await CLI.run(["launch", file, "--store", storePath])
        #expect(result.exitCode == 64, "\(result)")
        #expect(
            result.stderrLines == [
                "\(file):2:26: error: k-fold cross-validation needs at least 2 ratings, one per fold, and there is 1 "
                    + "(the data, \(ratings), has 1 rating) [at validation.folds]"
            ], "\(result)")
        #expect(try RunStore(path: storePath).sweeps().isEmpty)
        // The same check as train's, on the same data.
        let train = try await CLI.run(["train", "--data", ratings, "--folds", "2"])
        #expect(train.exitCode == 64, "\(train)")
        #expect(
            train.stderrLines == [
                "error: \(ratings): k-fold cross-validation needs at least 2 ratings, one per fold, and there is 1"
            ], "\(train)")
    }

    @Test("launch refuses a holdout or a prequential holdout that leaves the test set of its data empty")
    func launchRefusesHoldoutsWithoutATestSet() async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        try dir.write("two.data", "1\t1\t4\t100\n2\t1\t3\t100\n")
        for (key, words) in [
            ("holdout", "leaves the test set empty"), ("prequential", "puts no rating in the test set"),
        ] {
            let file = try dir.write(
                "\(key).json",
                #"{"name": "\#(key)", "data": {"path": "two.data"}, "validation": {"\#(key)": 0.2}, "#
                    + #""parameters": {"emb_dim": {"value": 2}}}"#)
            let storePath = dir.url("\(key).sqlite")
            let result = try await CLI.run(["launch", file, "--store", storePath])
            #expect(result.exitCode == 64, "\(result)")
            #expect(result.stderrLines.count == 1, "\(result)")
            let line = result.stderrLines.first ?? ""
            #expect(line.hasPrefix("\(file):1:") && line.hasSuffix("has 2 ratings) [at validation.\(key)]"), "\(line)")
            #expect(line.contains(words), "\(line)")
            #expect(!FileManager.default.fileExists(atPath: storePath))
        }
    }
}

/// Reading commands never create a store.
struct MissingStoreTests {
    @Test(arguments: [["status"], ["runs", "x"], ["report", "x"], ["agent", "x"]])
    func commandsOnAMissingStoreExit64AndCreateNothing(arguments: [String]) async throws {
        let dir = try ScratchDirectory()
        defer { withExtendedLifetime(dir) {} }
        let store = dir.url("none/store.sqlite")
        // `agent` installs signal handlers: it runs as a process.
        let result =
            arguments.first == "agent"
            ? try await CLIRunner.run(arguments + ["--store", store])
            : try await CLI.run(arguments + ["--store", store])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("no run store at \(store)"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }
}
