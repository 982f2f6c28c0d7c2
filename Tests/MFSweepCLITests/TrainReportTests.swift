import Foundation
import Testing

/// `mfsweep data synth` then `mfsweep train --json`: the report, determinism and divergence.
@Suite("train: JSON report")
struct TrainReportTests {
    @Test("synth then 3-fold train: the JSON report has every key and consistent summaries")
    func threeFoldReport() async throws {
        let dir = try ScratchDirectory()
        let (data, synth) = try await dir.synthesize()
        let started = Date()
        let result = try await CLI.run([
            "train", "--data", data, "--folds", "3", "--param", "steps=50", "--param", "emb_dim=7", "--json",
        ])
        let wallSeconds = Date().timeIntervalSince(started)
        #expect(result.exitCode == 0, "\(result)")

        // Keys, as raw JSON.
        let object = try result.jsonObject()
        let topKeys: Set = [
            "config", "data", "folds", "test_omse_mean", "test_omse_min", "test_omse_max", "test_rmse_mean",
            "steps", "seconds", "ms_per_step", "diverged",
        ]
        #expect(topKeys.isSubset(of: object.keys), "missing: \(topKeys.subtracting(object.keys))")
        #expect(object["diverged"] is NSNull, "diverged should be null: \(String(describing: object["diverged"]))")
        let dataKeys: Set = ["path", "fingerprint", "users", "items", "ratings"]
        let dataObject = object["data"] as? [String: Any] ?? [:]
        #expect(dataKeys.isSubset(of: dataObject.keys), "data keys: \(dataObject.keys.sorted())")
        let foldObjects = object["folds"] as? [[String: Any]] ?? []
        #expect(foldObjects.count == 3)
        let foldKeys: Set = ["fold", "train_omse", "test_omse", "test_rmse", "steps"]
        for fold in foldObjects {
            #expect(foldKeys.isSubset(of: fold.keys), "fold keys: \(fold.keys.sorted())")
        }

        // Values.
        let report = try result.decode(TrainJSON.self)
        #expect(report.config.embDim == 7)
        #expect(report.config.numFolds == 3)
        #expect(report.config.steps == 50)
        #expect(report.validation == "3-fold")
        #expect(report.data.path == data)
        #expect(report.data.users == 120)
        #expect(report.data.items == 80)
        #expect(synth.stdout.contains("\(report.data.ratings) ratings"), "synth said: \(synth.stdout)")
        #expect(synth.stdout.contains(report.data.fingerprint), "synth said: \(synth.stdout)")
        #expect(report.data.skippedRows == 0)

        #expect(report.folds.map(\.fold) == [0, 1, 2])
        for fold in report.folds {
            #expect(fold.steps == 50)
            #expect(fold.diverged == nil)
            let test = try #require(fold.testOMSE)
            #expect(test.isFinite && test > 0)
            #expect(try #require(fold.trainOMSE).isFinite)
            #expect(nearlyEqual(try #require(fold.testRMSE), test.squareRoot()))
        }
        let tests = report.folds.compactMap(\.testOMSE)
        let mean = try #require(report.testOMSEMean)
        let min = try #require(report.testOMSEMin)
        let max = try #require(report.testOMSEMax)
        #expect(min <= mean && mean <= max, "min \(min), mean \(mean), max \(max)")
        #expect(min == tests.min() && max == tests.max())
        #expect(nearlyEqual(mean, tests.reduce(0, +) / 3), "mean \(mean) vs folds \(tests)")
        let rmseMean = try #require(report.testRMSEMean)
        #expect(nearlyEqual(rmseMean, tests.map { $0.squareRoot() }.reduce(0, +) / 3), "rmse mean \(rmseMean)")
        #expect(report.steps == 50)
        // Training took some time, within the command's own run, and ms/step is its share per step.
        #expect(report.seconds > 0 && report.seconds <= wallSeconds, "\(report.seconds) s of \(wallSeconds) s")
        #expect(nearlyEqual(report.msPerStep, report.seconds * 1000 / 50), "\(report.msPerStep) ms/step")
        #expect(report.diverged == nil)
    }

    @Test("the same seed gives bit-identical folds, with 1 or 2 threads; another seed differs")
    func determinism() async throws {
        let dir = try ScratchDirectory()
        let (data, _) = try await dir.synthesize()
        func folds(_ extra: [String]) async throws -> [TrainJSON.Fold] {
            let result = try await CLI.run(
                ["train", "--data", data, "--folds", "3", "--param", "steps=50", "--json"] + extra)
            guard result.exitCode == 0 else { throw CLIError("train failed: \(result)") }
            return try result.decode(TrainJSON.self).folds
        }
        func bits(_ folds: [TrainJSON.Fold]) -> [UInt64?] { folds.map { $0.testOMSE?.bitPattern } }
        func trainBits(_ folds: [TrainJSON.Fold]) -> [UInt64?] { folds.map { $0.trainOMSE?.bitPattern } }

        let first = try await folds(["--seed", "5", "--threads", "2"])
        let again = try await folds(["--seed", "5", "--threads", "2"])
        let oneThread = try await folds(["--seed", "5", "--threads", "1"])
        let otherSeed = try await folds(["--seed", "6", "--threads", "2"])

        #expect(first.count == 3 && !bits(first).contains(nil))
        #expect(bits(again) == bits(first), "same seed, same threads")
        #expect(trainBits(again) == trainBits(first))
        #expect(
            bits(oneThread) == bits(first),
            "--threads 1 \(oneThread.map(\.testOMSE)) vs --threads 2 \(first.map(\.testOMSE))")
        #expect(trainBits(oneThread) == trainBits(first))
        #expect(bits(otherSeed) != bits(first), "--seed 6 gave the same test_omse as --seed 5")
    }

    @Test("a diverging run exits 1 and its JSON says where it diverged")
    func divergence() async throws {
        let dir = try ScratchDirectory()
        let (data, _) = try await dir.synthesize()
        let result = try await CLI.run([
            "train", "--data", data, "--param", "alpha=1e30", "--param", "prior_std=5", "--param", "steps=50",
            "--json",
        ])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderrLines.last?.hasPrefix("error: training diverged") == true, "\(result)")
        let report = try result.decode(TrainJSON.self)
        let diverged = try #require(report.diverged, "the JSON's diverged is null: \(result.stdout)")
        #expect(diverged.contains("diverged at step"), "\(diverged)")
        #expect(report.folds.contains { $0.diverged?.contains("diverged at step") == true })
        #expect(report.testOMSEMean == nil)
        #expect(report.steps < 50, "a diverged run should stop early")
    }

    @Test(
        "single-split validations train one fold",
        arguments: [
            (["--prequential", "0.2"], "prequential 0.2"),
            (["--holdout", "0.25"], "holdout 0.25"),
        ])
    func singleSplit(flags: [String], validation: String) async throws {
        let dir = try ScratchDirectory()
        let (data, _) = try await dir.synthesize()
        let result = try await CLI.run(["train", "--data", data, "--param", "steps=30", "--json"] + flags)
        #expect(result.exitCode == 0, "\(result)")
        let report = try result.decode(TrainJSON.self)
        #expect(report.validation == validation)
        #expect(report.folds.count == 1)
        #expect(report.config.numFolds == 1)
        let test = try #require(report.folds.first?.testOMSE)
        #expect(test.isFinite && test > 0)
        #expect(report.testOMSEMean == test && report.testOMSEMin == test && report.testOMSEMax == test)
        #expect(report.diverged == nil)
    }
}
