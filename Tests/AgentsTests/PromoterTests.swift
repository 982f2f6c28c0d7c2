import Core
import Factorization
import Foundation
import Ratings
import Search
import TestSupport
import Testing
import Tracking

@testable import Agents
@testable import Registry

/// Promote in-process: the refit, the file beside the store, and nothing left behind on failure.
@Suite(.serialized)
struct PromoterTests {
    /// A finished 2-run tiny sweep; returns the store path.
    static func sweptStore() throws -> (URL, String) {
        let dir = try TempDirectory().url  // each test removes it
        let (storePath, _) = try AgentTests.createSweep(
            try AgentTests.sweepFile(
                in: dir,
                parameters: """
                    {"emb_dim": {"value": 3}, "alpha": {"min": 0.01, "max": 0.05}, "bias": {"value": true},
                     "optimizer": {"value": "adam"}, "gram": {"value": 0}, "steps": {"value": 30}}
                    """),
            in: dir)
        var options = AgentOptions(storePath: storePath, sweep: "tiny", count: 2, threads: 1, agentID: "a1")
        options.logEvery = 10
        // Not while another suite's test asks its agent to stop.
        _ = try ProcessWideLock.stopSignal.withLock { try Agent(options: options).run() }
        return (dir, storePath)
    }

    @Test func refitsTheBestRunOnAllDataAndWritesItBesideTheStore() throws {
        let (dir, storePath) = try Self.sweptStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var steps: [Int] = []
        let promoter = Promoter(
            storePath: storePath, name: "tiny-mf", alias: "champion", toolVersion: "test", threads: 1,
            progress: { step, _, _ in steps.append(step) })
        let outcome = try promoter.promote(.best(sweep: "tiny"))
        #expect(outcome.version.version == 1 && steps.last == 30)
        #expect(outcome.artifactPath == dir.path + "/artifacts/tiny-mf/v1/model.mfm")
        let artifact = try ArtifactFiles.load(path: outcome.artifactPath, expectedSHA256: outcome.version.sha256)

        // The refit is the run's config on every rating, with the sweep's seed: same as training it here.
        let store = try RunStore(path: storePath)
        let sweep = try #require(try store.sweep(named: "tiny"))
        let spec = try StoredSweep.decode(sweep.specJSON, sweep: "tiny")
        let table = try SweepData.load(spec).table
        let run = try #require(try store.run(id: outcome.version.runID))
        let best = try store.runs(sweepID: sweep.id).compactMap(\.summaryMetric).min()
        #expect(run.summaryMetric == best)
        let h = try Hyperparameters(try #require(ConfigCoding.decode(run.configJSON)))
        let fold = ObservedRatings(table).fold(0)
        let reference = LockstepTrainer(hyperparameters: h, folds: [fold], seed: spec.seed, threads: 2).run()
        #expect(artifact.model.dotModel?.items.flattened() == reference.models[0].items.flattened())
        #expect(artifact.model.dotModel?.itemBias == reference.models[0].itemBias)
        #expect(outcome.version.refitTrainOMSE == reference.folds[0].trainOMSE)
        #expect(artifact.seen == SeenItems(users: table.users, items: table.items, userCount: table.userCount))
        // The ratings' range travels with the model, for `recommend` to clip what it shows.
        let lowest = try #require(table.ratings.min()), highest = try #require(table.ratings.max())
        #expect(artifact.trainingRatingRange == Double(lowest)...Double(highest))
        #expect(artifact.userIDs == table.userIDs && artifact.dataFingerprint == sweep.fingerprint)
    }

    @Test func aFailedRegistrationLeavesNoFileAndNoRow() throws {
        let (dir, storePath) = try Self.sweptStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A file where version 1's folder must go: the rename inside the transaction fails.
        try FileManager.default.createDirectory(
            atPath: dir.path + "/artifacts/tiny-mf", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: dir.appendingPathComponent("artifacts/tiny-mf/v1"))
        let before = try RunStore(path: storePath).registryCounts()
        let promoter = Promoter(
            storePath: storePath, name: "tiny-mf", alias: "champion", toolVersion: "test", threads: 1)
        #expect(throws: (any Error).self) { try promoter.promote(.run(sweep: nil, number: 1)) }
        #expect(try RunStore(path: storePath).registryCounts() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/artifacts/tiny-mf") == ["v1"])
    }

    @Test func refusesBadNamesUnfinishedRunsAndUnknownSweepsBeforeWriting() throws {
        let (dir, storePath) = try Self.sweptStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        func message(_ name: String, _ source: Promoter.Source, alias: String? = nil) -> String {
            do {
                _ = try Promoter(storePath: storePath, name: name, alias: alias, toolVersion: "t", threads: 1).promote(
                    source)
                return "promoted"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("a/b", .best(sweep: "tiny")).hasPrefix(#"model name "a/b" contains "/""#))
        #expect(message("ok", .best(sweep: "tiny"), alias: "latest").hasPrefix("alias 'latest' is reserved"))
        #expect(message("ok", .run(sweep: "tiny", number: 9)) == "sweep 'tiny' has no run 9")
        #expect(message("ok", .best(sweep: "other")) == "no sweep named 'other' in \(storePath); sweeps: tiny")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/artifacts"))
    }
}
