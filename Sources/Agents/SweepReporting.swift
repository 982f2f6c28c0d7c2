import Core
import Factorization
import Foundation
import Ratings
public import Reports
public import Search
public import Tracking

/// Store records turned into report inputs (``SweepReport``, ``RunComparison``).
public enum SweepReporting {
    /// The report of sweep `sweep` as it stands in `store`.
    ///
    /// - Parameters:
    ///   - histories: How many of the best finished runs get their logged metric history (the
    ///     HTML report's curves); 0 reads no history, so text reports stay fast.
    ///   - runs: The sweep's runs, when the caller has just read them (else they are read here).
    ///   - readsData: Whether to count the users and items of the sweep's data file (for model
    ///     sizes); synthetic data is counted from its spec either way.
    public static func report(
        store: RunStore, sweep: SweepRecord, histories: Int = 0, runs: [RunRecord]? = nil, readsData: Bool = true
    ) throws -> SweepReport {
        let spec = try StoredSweep.decode(sweep.specJSON, sweep: sweep.name)
        let runs = try runs ?? store.runs(sweepID: sweep.id)
        let folds = try store.foldResults(sweepID: sweep.id)
        let numberByID = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.number) })
        let summaries = runs.map { run in
            summary(run, spec: spec, folds: folds[run.id] ?? [], numberByID: numberByID)
        }
        let starts = runs.map(\.startedAt)
        let ends = runs.compactMap(\.finishedAt)
        let wall = (starts.min()).flatMap { s in ends.max().map { $0 - s } }
        var report = SweepReport(
            sweep: sweep.name, method: spec.method.rawValue, metric: spec.metric.name,
            goal: spec.metric.goal.rawValue, fingerprint: sweep.fingerprint, wallSeconds: wall,
            runs: summaries, agents: Set(runs.map(\.agentID)).count,
            usersPlusItems: usersPlusItems(
                spec, readsData: readsData, cache: StoreLocation.ratingsCache(store: store.path)),
            logScaleParameters: Set(spec.parameters.filter { $0.value.isLogScaled }.keys))
        if histories > 0 {
            let idByNumber = Dictionary(uniqueKeysWithValues: runs.map { ($0.number, $0.id) })
            report.histories = try report.ranked.prefix(histories).map { run in
                try history(store: store, runID: idByNumber[run.number]!, number: run.number)
            }
        }
        return report
    }

    /// The comparison of runs `numbers` of sweep `sweep`, in the order given.
    ///
    /// - Throws: ``SweepError`` naming the first number the sweep has no run for.
    public static func comparison(
        store: RunStore, sweep: SweepRecord, numbers: [Int]
    ) throws -> RunComparison {
        let spec = try StoredSweep.decode(sweep.specJSON, sweep: sweep.name)
        let runs = try store.runs(sweepID: sweep.id)
        let byNumber = Dictionary(uniqueKeysWithValues: runs.map { ($0.number, $0) })
        let numberByID = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.number) })
        var compared: [RunComparison.Entry] = []
        for n in numbers {
            guard let run = byNumber[n] else {
                throw SweepError.noRun(sweep: sweep.name, number: n, last: runs.last?.number)
            }
            let s = summary(run, spec: spec, folds: try store.foldResults(runID: run.id), numberByID: numberByID)
            let curve = try metricCurve(store: store, runID: run.id, metric: spec.metric.name)
            compared.append(RunComparison.Entry(run: s, curve: curve))
        }
        return RunComparison(
            sweep: sweep.name, metric: spec.metric.name, goal: spec.metric.goal.rawValue, entries: compared)
    }

    /// Run `run` of the sweep `spec` as reports show it (`numberByID` turns its `retry_of` id
    /// into a run number).
    public static func summary(
        _ run: RunRecord, spec: SweepSpec, folds: [FoldResultRecord], numberByID: [Int64: Int]
    ) -> RunSummary {
        let config = ConfigCoding.decode(run.configJSON) ?? [:]
        let sorted = folds.sorted { $0.fold < $1.fold }
        let planned = spec.runsCommand ? nil : (config["steps"]?.number.map { Int($0) } ?? Hyperparameters().steps)
        return RunSummary(
            number: run.number, state: run.state.rawValue, config: config, metric: run.summaryMetric,
            foldValues: sorted.compactMap(\.testOMSE), steps: run.steps, seconds: run.seconds,
            error: run.error, retryOf: run.retryOf.flatMap { numberByID[$0] }, plannedSteps: planned,
            trainFoldValues: sorted.compactMap(\.trainOMSE))
    }

    /// Users plus items of the sweep's data: from a synthetic spec, or by loading its file
    /// (through `cache`; nil when there is none, it cannot be read, or `readsData` is false).
    static func usersPlusItems(_ spec: SweepSpec, readsData: Bool, cache: RatingsCache?) -> Int? {
        switch spec.data {
        case .synthetic(let s)?: return s.users + s.items
        case .file(let path, let format, let duplicates)? where readsData:
            guard
                let loaded = try? RatingsLoader.load(path: path, format: format, duplicates: duplicates, cache: cache)
            else {
                return nil
            }
            return loaded.table.userCount + loaded.table.itemCount
        default: return nil
        }
    }

    /// The names the HTML curves need.
    static let curveNames: Set<String> = [
        MetricName.trainOMSE, MetricName.testOMSE, MetricName.l2Loss, MetricName.gramLoss,
        MetricName.testOMSEMean,
    ]

    /// Run `runID`'s logged curves (train/test OMSE per fold, the L2 and Gramian terms, the
    /// test OMSE mean), as run `number`.
    public static func history(store: RunStore, runID: Int64, number: Int) throws -> RunHistory {
        let records = try store.metrics(runID: runID, names: curveNames)
        var order: [String] = []
        var grouped: [String: (name: String, fold: Int?, steps: [Int], values: [Double])] = [:]
        for r in records {
            let key = "\(r.name)#\(r.fold.map(String.init) ?? "-")"
            if grouped[key] == nil {
                order.append(key)
                grouped[key] = (r.name, r.fold, [], [])
            }
            grouped[key]!.steps.append(r.step)
            grouped[key]!.values.append(r.value)
        }
        return RunHistory(
            run: number,
            series: order.map { key in
                let g = grouped[key]!
                return MetricSeries(name: g.name, fold: g.fold, steps: g.steps, values: g.values)
            })
    }

    /// The sweep metric over a run's logged steps: the logged values of the metric (across
    /// folds), or for the per-fold `Test omse`/`Train omse` their mean over folds at each step.
    static func metricCurve(store: RunStore, runID: Int64, metric: String) throws -> [Double] {
        let canonical = MetricName.canonical(metric)
        let name: String
        var perFold = false
        switch canonical {
        case MetricName.testOMSE?: name = MetricName.testOMSEMean
        case MetricName.trainOMSE?: name = MetricName.trainOMSE; perFold = true
        case let c?: name = c
        case nil: name = metric
        }
        let records = try store.metrics(runID: runID, names: [name])
        var steps: [Int] = []
        var sums: [Int: (Double, Int)] = [:]
        for r in records where (r.fold != nil) == perFold {
            if sums[r.step] == nil { steps.append(r.step) }
            let s = sums[r.step] ?? (0, 0)
            sums[r.step] = (s.0 + r.value, s.1 + 1)
        }
        return steps.map { sums[$0]!.0 / Double(sums[$0]!.1) }
    }
}
