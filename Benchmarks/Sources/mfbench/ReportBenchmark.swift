import Agents
import Core
import Foundation
import Ratings
import Reports
import Search
import Tracking

/// `mfbench report`: builds (once) a store with `--runs` finished runs of `--folds` folds and
/// `--logged-steps` logged steps each (every metric the trainer logs), then times what
/// `mfsweep report` does: read the sweep from the store and render it, as text (no history
/// read) and as HTML (with the curves of the best 3 runs). Prints the median of `--repeats`.
func benchmarkReport(_ args: Arguments) throws {
    if !FileManager.default.fileExists(atPath: args.store) {
        let clock = ContinuousClock()
        let start = clock.now
        try writeReportStore(args)
        print("wrote \(args.store) in \(String(format: "%.1f", (clock.now - start).seconds)) s")
    }
    let store = try RunStore(path: args.store)
    guard let sweep = try store.sweep(named: "bench-report") else { fail("no sweep bench-report in \(args.store)") }
    let clock = ContinuousClock()
    func time(_ body: () throws -> Int) rethrows -> (Double, Int) {
        let start = clock.now
        let size = try body()
        return ((clock.now - start).seconds, size)
    }
    var text: [Double] = []
    var html: [Double] = []
    var sizes = (0, 0)
    for _ in 0..<max(1, args.repeats) {
        let t = try time {
            try SweepReporting.report(store: store, sweep: sweep).render(.text).utf8.count
        }
        let h = try time {
            try SweepReporting.report(store: store, sweep: sweep, histories: 3).render(.html).utf8.count
        }
        text.append(t.0)
        html.append(h.0)
        sizes = (t.1, h.1)
    }
    let runs = try store.runs(sweepID: sweep.id).count
    print("report of \(runs) runs × \(args.folds) folds × \(args.loggedSteps) logged steps, median of \(text.count):")
    print(
        String(
            format: "  text  %.3f s  (%d bytes; min %.3f, max %.3f)", median(text), sizes.0, text.min()!, text.max()!))
    print(
        String(
            format: "  html  %.3f s  (%d bytes; min %.3f, max %.3f)", median(html), sizes.1, html.min()!, html.max()!))
}

/// The benchmark store: a random sweep over the book's mf-HPO-CV space on synthetic data, with
/// every metric the trainer logs per fold and across folds at each logged step.
func writeReportStore(_ args: Arguments) throws {
    let json = """
        {"name": "bench-report", "method": "random", "metric": {"name": "Test omse_mean", "goal": "minimize"},
         "data": {"synthetic": {"users": 943, "items": 1682}}, "validation": {"folds": \(args.folds)},
         "parameters": {"steps": {"value": 2000}, "alpha": {"min": 2.0, "max": 3.0}, "emb_dim": {"min": 15, "max": 70},
                        "prior_std": {"min": 0.75, "max": 1.0}, "ell_2": {"min": 0.05, "max": 0.5},
                        "gram": {"min": 0.1, "max": 0.6}}}
        """
    let spec = try SweepFile.parse(Array(json.utf8), file: "bench.json", baseDirectory: "/", checksDataFile: false)
    let store = try RunStore(path: args.store)
    let (sweep, _) = try store.createOrResumeSweep(
        name: spec.name, specJSON: StoredSweep(spec).text, fingerprint: "sha256:bench", now: 0)
    var rng = SeededGenerator(seed: 1)
    let every = max(1, 2000 / args.loggedSteps)
    for i in 0..<args.runs {
        let emb = 15 + rng.nextIndex(below: 56)
        let alpha = 2 + rng.nextUnit()
        let ell2 = 0.05 + 0.45 * rng.nextUnit()
        let gram = 0.1 + 0.5 * rng.nextUnit()
        let prior = 0.75 + 0.25 * rng.nextUnit()
        let config =
            #"{"alpha":\#(alpha),"ell_2":\#(ell2),"emb_dim":\#(emb),"gram":\#(gram),"num_folds":\#(args.folds),"prior_std":\#(prior),"steps":2000}"#
        let agent = AgentIdentity(id: "bench-\(i % 2)", host: "bench", pid: 1)
        let outcome = try store.claimRun(
            sweepID: sweep.id, agent: agent, now: Double(i), heartbeatGrace: 1e9, maxRetries: 0, countLimit: nil,
            propose: { _ in config })
        guard case .claimed(let run) = outcome else { fail("claim failed: \(outcome)") }
        let final = 0.85 + 0.002 * Double(emb) + 0.3 * (alpha - 2.4) * (alpha - 2.4) + 0.01 * rng.nextUnit()
        let tests = (0..<args.folds).map { _ in final + 0.01 * rng.nextNormal() }
        var rows: [MetricRecord] = []
        rows.reserveCapacity(args.loggedSteps * (6 * args.folds + 5))
        for k in 0..<args.loggedSteps {
            let step = k * every
            let decay = exp(-Double(step) / 200)
            for (f, t) in tests.enumerated() {
                rows.append(
                    MetricRecord(runID: run.id, step: step, fold: f, name: "Train omse", value: t - 0.2 + 30 * decay))
                rows.append(MetricRecord(runID: run.id, step: step, fold: f, name: "Test omse", value: t + 30 * decay))
                rows.append(MetricRecord(runID: run.id, step: step, fold: f, name: "l2_loss", value: 1 + 40 * decay))
                rows.append(MetricRecord(runID: run.id, step: step, fold: f, name: "gr_loss", value: 0.02 + 3 * decay))
                rows.append(MetricRecord(runID: run.id, step: step, fold: f, name: "total_loss", value: t + 10 * decay))
            }
            rows.append(MetricRecord(runID: run.id, step: step, name: "learning_rate", value: alpha))
            for name in ["Test omse_mean", "test omse_max", "test omse_min", "test_rmse_mean"] {
                rows.append(MetricRecord(runID: run.id, step: step, name: name, value: final + 30 * decay))
            }
        }
        try store.appendMetrics(rows)
        try store.finishRun(
            runID: run.id, agent: agent, state: .finished, summaryMetric: tests.reduce(0, +) / Double(args.folds),
            folds: tests.enumerated().map {
                FoldResultRecord(
                    runID: run.id, fold: $0.offset, trainOMSE: $0.element - 0.2, testOMSE: $0.element, steps: 2000)
            },
            error: nil, steps: 2000, seconds: 20 + Double(emb) / 2, now: Double(i) + 0.5)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}
