import Core
import Factorization
import Search
import Tracking

/// Applies a sweep's `early_terminate` rule to a run while it trains: at each logged step it
/// compares the run's metric (and per-fold test OMSE) with the other runs' values at the same
/// step, as the store holds them, and remembers the first decision to stop.
///
/// Finished runs' curves never change, so they are read from the store once; running runs
/// are read again at each logged step.
final class PruningMonitor {
    let rule: EarlyTermination
    let spec: SweepSpec
    let store: RunStore
    let sweepID: Int64
    let runNumber: Int
    let foldCount: Int
    private var own: RunCurve
    private var finishedCurves: [Int64: RunCurve] = [:]
    /// The decision to stop, once one was made.
    private(set) var decision: PruningDecision?

    init(
        rule: EarlyTermination, spec: SweepSpec, store: RunStore, sweepID: Int64, runNumber: Int,
        foldCount: Int
    ) {
        self.rule = rule
        self.foldCount = foldCount
        self.spec = spec
        self.store = store
        self.sweepID = sweepID
        self.runNumber = runNumber
        own = RunCurve(number: runNumber, state: "running", values: [:])
    }

    /// Records a logged step of this run and decides whether to stop it. Store errors are not
    /// fatal here: without the others' curves the run simply goes on.
    func observe(_ log: StepLog) {
        guard decision == nil, let value = log.summaryValue(of: spec.metric.name) else { return }
        own.values[log.step] = value
        // By fold index; a fold that diverged and no longer logs is NaN, so pairs stay aligned.
        var folds = [Double](repeating: .nan, count: foldCount)
        for f in log.folds where f.fold < foldCount { folds[f.fold] = f.testOMSE }
        own.foldValues[log.step] = folds
        guard let others = try? otherCurves() else { return }
        decision = Pruner.decide(rule: rule, goal: spec.metric.goal, run: own, others: others, step: log.step)
    }

    private func otherCurves() throws -> [RunCurve] {
        var curves: [RunCurve] = []
        for run in try store.runs(sweepID: sweepID) where run.number != runNumber {
            if let cached = finishedCurves[run.id] {
                curves.append(cached)
                continue
            }
            let curve = Self.curve(of: run, metrics: try store.metrics(runID: run.id), metric: spec.metric.name)
            if run.state != .running { finishedCurves[run.id] = curve }
            curves.append(curve)
        }
        return curves
    }

    /// A run's curve from its logged metric rows: the sweep metric across folds, and the
    /// per-fold test OMSE in fold order.
    static func curve(of run: RunRecord, metrics: [MetricRecord], metric: String) -> RunCurve {
        let name = MetricName.canonical(metric) ?? metric
        var values: [Int: Double] = [:]
        var folds: [Int: [(Int, Double)]] = [:]
        for row in metrics {
            if row.fold == nil && row.name == name {
                values[row.step] = row.value
            } else if let f = row.fold, row.name == MetricName.testOMSE {
                folds[row.step, default: []].append((f, row.value))
            }
        }
        return RunCurve(
            number: run.number, state: run.state.rawValue, values: values,
            foldValues: folds.mapValues { pairs in
                var byFold = [Double](repeating: .nan, count: (pairs.map(\.0).max() ?? -1) + 1)
                for (f, v) in pairs { byFold[f] = v }
                return byFold
            })
    }
}
