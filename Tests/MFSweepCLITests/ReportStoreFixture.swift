import Agents
import Core
import Factorization
import Foundation
import Ratings
import Search
import TestSupport
import Testing
import Tracking

/// A run store written through the store's API with fixed times, configs and results (no
/// training, no clock), so `mfsweep report` on it is byte-for-byte reproducible.
enum ReportStoreFixture {
    static let t0 = 1_700_000_000.0

    /// A sweep named `name` of `runs` runs with `folds` folds: emb_dim and alpha matter, fold 2
    /// is skewed high, run 4 diverges, run 6 is pruned by hyperband, run 9 crashes (and is
    /// retried as run 10). The metric is the sweep file's.
    ///
    /// - Parameter sweepJSON: The sweep file's text; its data may be missing (it is not read).
    @discardableResult
    static func write(
        store path: String, sweepJSON: String, runs: Int = 16, folds: Int = 5, seed: UInt64 = 5
    ) throws -> SweepRecord {
        let spec = try SweepFile.parse(
            Array(sweepJSON.utf8), file: "fixture.json", baseDirectory: "/fixture", checksDataFile: false)
        let store = try RunStore(path: path)
        let (sweep, _) = try store.createOrResumeSweep(
            name: spec.name, specJSON: StoredSweep(spec).text, fingerprint: "sha256:fixture-\(spec.name)", now: t0)
        var rng = SeededGenerator(seed: seed)
        var number = 0
        while number < runs {
            let emb = 15 + rng.nextIndex(below: 56)
            let alpha = 2 + Double(rng.nextIndex(below: 1000)) / 1000
            let ell2 = 0.05 + Double(rng.nextIndex(below: 450)) / 1000
            let config = #"{"alpha":\#(alpha),"ell_2":\#(ell2),"emb_dim":\#(emb),"num_folds":\#(folds),"steps":2000}"#
            let agent = AgentIdentity(id: "agent-\(number % 2)", host: "fixture", pid: Int32(100 + number % 2))
            let start = t0 + 100 * Double(number)
            let outcome = try store.claimRun(
                sweepID: sweep.id, agent: agent, now: start, heartbeatGrace: 30, maxRetries: 1, countLimit: nil,
                propose: { _ in config })
            guard case .claimed(let run) = outcome else { throw CLIError("fixture claim: \(outcome)") }
            number = run.number
            if run.number == 9 { continue }  // crashed: the next claim marks it and retries its config
            let bowl: Double = 0.4 * (alpha - 2.5) * (alpha - 2.5)
            let base: Double = 0.95 + 0.002 * Double(emb) + bowl - 0.002 * Double(run.number)
            var tests: [Double] = []
            for f in 0..<folds {
                let value: Double = base + 0.004 * rng.nextNormal() + (f == 2 ? 0.04 : 0)
                tests.append((value * 10_000).rounded() / 10_000)
            }
            let seconds = Double(40 + emb) / 2
            var metrics: [MetricRecord] = []
            for step in stride(from: 0, through: 2000, by: 250) {
                let left = Double(2000 - step) / 2000
                let decay = left * left * left
                for (f, test) in tests.enumerated() {
                    metrics.append(
                        MetricRecord(
                            runID: run.id, step: step, fold: f, name: "Train omse", value: test - 0.2 + 20 * decay))
                    metrics.append(
                        MetricRecord(runID: run.id, step: step, fold: f, name: "Test omse", value: test + 20 * decay))
                    metrics.append(
                        MetricRecord(runID: run.id, step: step, fold: f, name: "l2_loss", value: 1 + 30 * decay))
                    metrics.append(
                        MetricRecord(runID: run.id, step: step, fold: f, name: "gr_loss", value: 0.02 + 2 * decay))
                }
                metrics.append(
                    MetricRecord(
                        runID: run.id, step: step, name: "Test omse_mean",
                        value: tests.reduce(0, +) / Double(folds) + 20 * decay))
            }
            try store.appendMetrics(metrics)
            let foldRecords = tests.enumerated().map { f, test in
                FoldResultRecord(runID: run.id, fold: f, trainOMSE: test - 0.2, testOMSE: test, steps: 2000)
            }
            let mean = tests.reduce(0, +) / Double(folds)
            switch run.number {
            case 4:
                try store.finishRun(
                    runID: run.id, agent: agent, state: .failed, summaryMetric: nil,
                    folds: [
                        FoldResultRecord(
                            runID: run.id, fold: 0, trainOMSE: nil, testOMSE: nil, steps: 37,
                            diverged: "test_omse is NaN at step 37")
                    ],
                    error: "fold 0: diverged at step 37", steps: 37, seconds: 1.5, now: start + 2)
            case 6:
                try store.finishRun(
                    runID: run.id, agent: agent, state: .pruned, summaryMetric: mean, folds: foldRecords,
                    error:
                        "pruned by hyperband at step 500: its value 1.1 is worse than 1.0, the 1st best of 4 runs there",
                    steps: 500, seconds: seconds / 4, now: start + seconds / 4)
            default:
                try store.finishRun(
                    runID: run.id, agent: agent, state: .finished, summaryMetric: mean, folds: foldRecords,
                    error: nil, steps: 2000, seconds: seconds, now: start + seconds)
            }
        }
        return sweep
    }

    /// A synthetic sweep file with the given metric name.
    static func sweepJSON(name: String = "snap", metric: String = "Test omse_mean") -> String {
        """
        {"name": "\(name)", "method": "random", "metric": {"name": "\(metric)", "goal": "minimize"},
         "data": {"synthetic": {"users": 120, "items": 80}}, "validation": {"folds": 5},
         "parameters": {"emb_dim": {"min": 15, "max": 70}, "alpha": {"min": 2.0, "max": 3.0},
                        "ell_2": {"min": 0.05, "max": 0.5}, "steps": {"value": 2000}}}
        """
    }
}

/// Whether `text` equals the snapshot `Tests/ReportsTests/Snapshots/NAME` (``Snapshot`` says
/// how `MFSWEEP_UPDATE_SNAPSHOTS=1` rewrites it).
func expectReportSnapshot(
    _ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> Bool {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../ReportsTests/Snapshots").appendingPathComponent(name).standardizedFileURL
    return try Snapshot.matches(text, file: url, sourceLocation: sourceLocation)
}
