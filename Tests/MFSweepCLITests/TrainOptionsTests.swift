import Foundation
import Testing

/// `mfsweep train` hyperparameters (`--config`, `--param`) and validation flags.
@Suite("train: options")
struct TrainOptionsTests {
    /// A small valid ratings file in `dir`.
    private func ratings(in dir: ScratchDirectory) throws -> String {
        try dir.write("ratings.csv", MovieLensText.csv(MovieLensText.smallValidRatings))
    }

    private func trainJSON(_ arguments: [String]) async throws -> TrainJSON {
        let result = try await CLI.run(["train"] + arguments + ["--json"])
        guard result.exitCode == 0 else { throw CLIError("train failed: \(result)") }
        return try result.decode(TrainJSON.self)
    }

    @Test("--config reads a JSON file")
    func configFile() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let config = try dir.write("config.json", #"{"emb_dim": 6, "steps": 12, "alpha": 0.5}"#)
        let report = try await trainJSON(["--data", data, "--config", config])
        #expect(report.config.embDim == 6)
        #expect(report.config.steps == 12)
        #expect(report.config.alpha == 0.5)
        #expect(report.steps == 12)
    }

    @Test("--config takes inline JSON")
    func inlineConfig() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let report = try await trainJSON(["--data", data, "--config", #"{"emb_dim": 6, "steps": 9}"#])
        #expect(report.config.embDim == 6)
        #expect(report.config.steps == 9)
    }

    @Test("--param overrides --config, and the config's other values stay")
    func paramOverridesConfig() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let config = try dir.write("config.json", #"{"emb_dim": 6, "steps": 12, "prior_std": 0.05}"#)
        let fromFile = try await trainJSON([
            "--data", data, "--config", config, "--param", "emb_dim=9", "--param", "steps=7",
        ])
        #expect(fromFile.config.embDim == 9)
        #expect(fromFile.config.steps == 7)
        #expect(fromFile.config.priorStd == 0.05)
        let inline = try await trainJSON([
            "--data", data, "--config", #"{"emb_dim": 6, "steps": 12}"#, "--param", "emb_dim=4",
        ])
        #expect(inline.config.embDim == 4)
        #expect(inline.config.steps == 12)
    }

    @Test("a config with a JSON syntax error exits 64 naming the file, line and column")
    func configSyntaxError() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        // The stray `,` where a value belongs is on line 3, column 12.
        let config = try dir.write("bad.json", "{\n  \"emb_dim\": 6,\n  \"steps\": ,\n  \"alpha\": 1\n}\n")
        let result = try await CLI.run(["train", "--data", data, "--config", config])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.hasPrefix("error: \(config): "), "\(result)")
        #expect(result.stderr.contains("line 3, column 12"), "\(result)")
    }

    @Test("a missing config file exits 64 naming it")
    func missingConfig() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let config = dir.url("nope.json")
        let result = try await CLI.run(["train", "--data", data, "--config", config])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.hasPrefix("error: \(config): "), "\(result)")
    }

    @Test("an unknown --param exits 64 naming it")
    func unknownParameter() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let result = try await CLI.run(["train", "--data", data, "--param", "foo=1"])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.hasPrefix("error: "), "\(result)")
        #expect(result.stderr.contains("foo"), "\(result)")
        #expect(result.stderr.contains("unknown"), "\(result)")
    }

    @Test("an unknown parameter in a config file exits 64 naming it")
    func unknownConfigParameter() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let result = try await CLI.run(["train", "--data", data, "--config", #"{"embdim": 4}"#])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("embdim"), "\(result)")
    }

    @Test(
        "a bad --param value exits 64 naming the parameter",
        arguments: ["emb_dim=abc", "emb_dim=2.5", "emb_dim=0", "alpha=-1", "optimizer=lbfgs", "steps"])
    func badParameterValue(assignment: String) async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let result = try await CLI.run(["train", "--data", data, "--param", assignment])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        let name = String(assignment.prefix { $0 != "=" })
        #expect(result.stderr.contains(name), "\(result)")
    }

    @Test(
        "invalid validation flags exit 64 before training",
        arguments: [
            (["--folds", "3", "--holdout", "0.2"], "choose one of"),
            (["--folds", "3", "--prequential", "0.2"], "choose one of"),
            (["--holdout", "1.5"], "--holdout must be a fraction"),
            (["--holdout", "0"], "--holdout must be a fraction"),
            (["--prequential", "1"], "--prequential must be a fraction"),
            (["--folds", "1"], "--folds must be at least 2"),
            (["--threads", "0"], "--threads must be in 1...256"),
        ])
    func invalidValidationFlags(flags: [String], message: String) async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let result = try await CLI.run(["train", "--data", data, "--param", "steps=5"] + flags)
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
    }
}

extension TrainOptionsTests {
    @Test("a config with a key written twice exits 64 naming both places")
    func configDuplicateKey() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let result = try await CLI.run(["train", "--data", data, "--config", #"{"emb_dim":5,"emb_dim":7}"#])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(result.stderr.contains(#"duplicate key "emb_dim""#), "\(result)")
        #expect(result.stderr.contains("line 1, column 14"), "\(result)")
    }

    @Test("a config number beyond a Double exits 64 instead of training with infinity")
    func configNumberOutOfRange() async throws {
        let dir = try ScratchDirectory()
        let data = try ratings(in: dir)
        let result = try await CLI.run(["train", "--data", data, "--config", #"{"alpha": 1e400}"#])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("1e400"), "\(result)")
        #expect(result.stderr.contains("alpha"), "\(result)")
    }
}
