import Core
import Factorization
import Foundation
import Ratings
import TestSupport
import Testing

@testable import Reports

/// A fixed synthetic sweep, fully deterministic (no clock): 30 runs of 5 folds where emb_dim
/// and alpha matter, fold 3 is skewed high, and the runs include a failure, a prune, a crash
/// with its retry, and a stopped run. The top three runs carry logged histories.
enum ReportFixture {
    static let parameters = ["alpha", "ell_2", "emb_dim", "gram", "prior_std"]

    static func report(metric: String = "Test omse_mean") -> SweepReport {
        var rng = SeededGenerator(seed: 42)
        var runs: [RunSummary] = []
        for i in 1...30 {
            let emb = 15 + rng.nextIndex(below: 56)
            let alpha = 2 + Double(Int(rng.nextUnit() * 1000)) / 1000
            let config: [String: ParameterValue] = [
                "alpha": .double(alpha), "emb_dim": .int(emb),
                "ell_2": .double(0.05 + Double(Int(rng.nextUnit() * 450)) / 1000),
                "gram": .double(0.1 + Double(Int(rng.nextUnit() * 500)) / 1000),
                "prior_std": .double(0.75 + Double(Int(rng.nextUnit() * 250)) / 1000),
                "steps": .int(2000), "num_folds": .int(5),
            ]
            let base = 0.90 + 0.002 * Double(emb) + 0.3 * (alpha - 2.4) * (alpha - 2.4) - 0.003 * Double(i)
            let folds = (0..<5).map { f in
                ((base + 0.01 * rng.nextNormal() + (f == 3 ? 0.05 : 0)) * 10_000).rounded() / 10_000
            }
            let trains = folds.map { (($0 - 0.2) * 10_000).rounded() / 10_000 }
            let seconds = (50 + 0.9 * Double(emb) + 3 * rng.nextUnit()).rounded() / 1
            var run = RunSummary(
                number: i, state: "finished", config: config, metric: Statistics.mean(folds), foldValues: folds,
                steps: 2000, seconds: seconds, plannedSteps: 2000, trainFoldValues: trains)
            switch i {
            case 7:
                run.state = "failed"
                run.metric = nil
                run.foldValues = []
                run.trainFoldValues = []
                run.steps = 13
                run.error = "fold 2: diverged at step 13"
            case 12:
                run.state = "pruned"
                run.metric = nil
                run.steps = 400
                run.seconds = 12
                run.error =
                    "pruned by hyperband at step 400: its Test omse_mean, 1.04, is worse than 0.97, the 2nd best of 4 runs there"
            case 18:
                run.state = "crashed"
                run.metric = nil
                run.foldValues = []
                run.trainFoldValues = []
                run.steps = nil
                run.seconds = nil
                run.error = "no heartbeat for 95s (agent a2 on host h, pid 41)"
            case 19:
                run.retryOf = 18
            case 25:
                run.state = "stopped"
                run.metric = nil
                run.steps = 600
                run.error = "stopped at step 600"
            default: break
            }
            runs.append(run)
        }
        let report = SweepReport(
            sweep: "fixture", method: "random", metric: metric, goal: "minimize",
            fingerprint: "sha256:0123456789abcdef", wallSeconds: 1234, runs: runs, agents: 2, usersPlusItems: 2625)
        var withHistories = report
        withHistories.histories = report.ranked.prefix(3).map { history(of: $0) }
        return withHistories
    }

    /// Logged curves that decay towards the run's final values.
    static func history(of run: RunSummary) -> RunHistory {
        let steps = Array(stride(from: 0, through: 1950, by: 50))
        var series: [MetricSeries] = []
        for (f, test) in run.foldValues.enumerated() {
            let train = run.trainFoldValues[f]
            func curve(_ end: Double, _ start: Double) -> [Double] {
                steps.map { end + (start - end) * exp(-Double($0) / 150) }
            }
            series.append(MetricSeries(name: "Train omse", fold: f, steps: steps, values: curve(train, 30)))
            series.append(MetricSeries(name: "Test omse", fold: f, steps: steps, values: curve(test, 32)))
            series.append(
                MetricSeries(name: "l2_loss", fold: f, steps: steps, values: curve(0.9 + 0.01 * Double(f), 40)))
            series.append(MetricSeries(name: "gr_loss", fold: f, steps: steps, values: curve(0.02, 3)))
        }
        return RunHistory(run: run.number, series: series)
    }
}

/// Compares `text` and a final newline with the snapshot file `name` under `Snapshots/`
/// (``Snapshot`` says how `MFSWEEP_UPDATE_SNAPSHOTS=1` rewrites it).
func expectSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent(name)
    try Snapshot.expect(text + "\n", file: url, sourceLocation: sourceLocation)
}
