public import Reports
import Search
public import Tracking

/// Store records turned into a ``SweepReport``.
public enum SweepReporting {
    /// The report of sweep `sweep` as it stands in `store`.
    public static func report(store: RunStore, sweep: SweepRecord) throws -> SweepReport {
        let spec = try StoredSweep.decode(sweep.specJSON, sweep: sweep.name)
        let runs = try store.runs(sweepID: sweep.id)
        let numberByID = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.number) })
        let summaries = try runs.map { run in
            RunSummary(
                number: run.number, state: run.state.rawValue,
                config: ConfigCoding.decode(run.configJSON) ?? [:], metric: run.summaryMetric,
                foldValues: try store.foldResults(runID: run.id).sorted { $0.fold < $1.fold }
                    .compactMap(\.testOMSE),
                steps: run.steps, seconds: run.seconds, error: run.error,
                retryOf: run.retryOf.flatMap { numberByID[$0] })
        }
        let starts = runs.map(\.startedAt)
        let ends = runs.compactMap(\.finishedAt)
        let wall = (starts.min()).flatMap { s in ends.max().map { $0 - s } }
        return SweepReport(
            sweep: sweep.name, method: spec.method.rawValue, metric: spec.metric.name,
            goal: spec.metric.goal.rawValue, fingerprint: sweep.fingerprint, wallSeconds: wall,
            runs: summaries)
    }
}
