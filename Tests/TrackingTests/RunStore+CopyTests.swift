import Foundation
import TestSupport
import Testing
import Tracking

/// `store copy`'s rows: everything of one store into another, on every pair of backends.
@Suite struct RunStoreCopyTests {
    /// Every (source, destination) pair of the kinds under test.
    static var pairs: [(StoreKind, StoreKind)] {
        StoreKind.allCases.flatMap { source in StoreKind.shared.map { (source, $0) } }
    }

    @Test(arguments: pairs)
    func copiesEveryRowWithNewIdsAndTheSameValues(source: StoreKind, destination: StoreKind) throws {
        try withStore(source) { from in
            // The destination already has a sweep, so copied ids must move.
            try withStore(destination) { to in
                _ = try to.makeSweep("existing")
                let sweep = try from.makeSweep("copied", now: 5)
                let crashed = try from.claimed(sweep, at: 10)
                // Stale at 100: marked crashed, and its config retried.
                let retry = try from.claimed(sweep, by: agentB, at: 100)
                #expect(retry.retryOf == crashed.id)
                try from.appendMetrics([
                    MetricRecord(runID: retry.id, step: 2, name: "b", value: 1),
                    MetricRecord(runID: retry.id, step: 1, fold: 0, name: "z", value: .nan),
                    MetricRecord(runID: retry.id, step: 1, fold: 1, name: "a", value: -.infinity),
                ])
                try from.finishRun(
                    runID: retry.id, agent: agentB, state: .finished, summaryMetric: 0.25,
                    folds: [FoldResultRecord(runID: retry.id, fold: 0, trainOMSE: 0.1, testOMSE: nil, steps: 3)],
                    error: nil, steps: 3, seconds: 1.5, now: 101)
                let draft = ModelVersionRecord(
                    sweepID: sweep.id, sweepName: sweep.name, runID: retry.id, runNumber: retry.number,
                    configJSON: retry.configJSON, dataFingerprint: "fp", metricsJSON: "{}", refitTrainOMSE: 0.2,
                    refitSteps: 3, refitSeconds: 0.5, sha256: "abc", byteCount: 4, toolVersion: "t", createdAt: 102)
                _ = try from.registerModelVersion(name: "mf", draft, alias: "champion", now: 102) { k in
                    "artifacts/mf/v\(k)/model.mfm"
                }

                let summary = try to.copy(from: from)
                #expect(summary.sweeps == 1 && summary.runs == 2 && summary.metrics == 3 && summary.modelVersions == 1)
                let copied = try #require(try to.sweep(named: "copied"))
                #expect(copied.id != sweep.id && copied.specJSON == sweep.specJSON && copied.createdAt == 5)
                let runs = try to.runs(sweepID: copied.id)
                #expect(runs.map(\.number) == [1, 2] && runs.map(\.state) == [.crashed, .finished])
                #expect(runs[1].retryOf == runs[0].id && runs[0].error?.contains("no heartbeat") == true)
                #expect(runs[1].summaryMetric == 0.25 && runs[1].seconds == 1.5 && runs[1].host == agentB.host)
                let metrics = try to.metrics(runID: runs[1].id)
                #expect(metrics.map(\.name) == ["z", "a", "b"], "order within a step is kept")
                #expect(metrics[0].value.isNaN && metrics[1].value == -.infinity)
                #expect(try to.foldResults(runID: runs[1].id).first?.testOMSE == nil)
                let version = try to.resolveModel(name: "mf", .alias("champion"))
                #expect(version.runID == runs[1].id && version.sweepID == copied.id && version.sha256 == "abc")
                #expect(try to.artifacts(runID: runs[1].id).map(\.kind) == ["model"])
                #expect(try to.integrityCheck() == "ok")

                // Again: the names clash, and nothing more is written.
                let before = try to.registryCounts()
                #expect(throws: StoreError.copyClash(kind: "sweep", names: ["copied"])) { try to.copy(from: from) }
                #expect(try to.registryCounts() == before)
                #expect(try to.sweeps().count == 2)
            }
        }
    }
}
