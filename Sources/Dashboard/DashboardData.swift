import Agents
import Core
import Foundation
import Reports
import Search
import Synchronization
import Tracking

/// The store as the dashboard reads it: read-only, and with each sweep's report kept until a
/// run of the sweep changes state, so a page with 10,000 runs is analysed once per change, not
/// once per request.
final class DashboardData: Sendable {
    /// The store, opened read-only.
    let store: RunStore

    /// A sweep's report and analysis as of one state of its runs.
    struct Snapshot: Sendable {
        let sweep: SweepRecord
        let spec: SweepSpec
        let report: SweepReport
        let analysis: ReportAnalysis
        /// Agents with a running run.
        let runningAgents: Int
        /// What the snapshot was built from: the sweep's state and its runs' count by state.
        let key: String
        /// The swept parameters (the runs table's columns).
        let parameters: [String]
        /// The sweep page's charts, drawn once per snapshot.
        let charts: Charts
    }

    /// The sweep page's chart sections, as HTML.
    struct Charts: Sendable {
        let bestAndFronts: [String]
        let parameters: [String]
        let folds: [String]

        init(_ figures: SweepFigures) {
            bestAndFronts = [figures.bestSoFar, figures.paretoSeconds, figures.paretoModelSize]
            parameters = [figures.parameters, figures.importance]
            folds = [figures.folds, figures.foldOffsets]
        }
    }

    private let snapshots = Mutex<[Int64: Snapshot]>([:])

    init(store: RunStore) {
        self.store = store
    }

    /// Every sweep, in the store's order.
    func sweeps() throws -> [SweepRecord] { try store.sweeps() }

    /// The sweep named `name`, or nil.
    func sweep(named name: String) throws -> SweepRecord? { try store.sweep(named: name) }

    /// The current snapshot of `sweep`: the kept one when no run changed state since.
    func snapshot(_ sweep: SweepRecord) throws -> Snapshot {
        let counts = try store.counts(sweepID: sweep.id)
        let key =
            sweep.state.rawValue + ";"
            + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }
            .joined(separator: ",")
        if let kept = snapshots.withLock({ $0[sweep.id] }), kept.key == key, kept.sweep == sweep {
            return kept
        }
        let spec = try StoredSweep.decode(sweep.specJSON, sweep: sweep.name)
        // The data file is not read (it may hold millions of ratings): model sizes come from a
        // synthetic spec only, else the model-size front is drawn against emb_dim.
        let report = try SweepReporting.report(store: store, sweep: sweep, readsData: false)
        let runs = try store.runs(sweepID: sweep.id)
        let agents = Set(runs.filter { $0.state == .running }.map(\.agentID)).count
        let analysis = ReportAnalysis(report)
        let snapshot = Snapshot(
            sweep: sweep, spec: spec, report: report, analysis: analysis, runningAgents: agents, key: key,
            parameters: report.sweptParameters, charts: Charts(SweepFigures(report: report, analysis: analysis)))
        snapshots.withLock { $0[sweep.id] = snapshot }
        return snapshot
    }

    /// Run `number` of `sweep`: its record, summary and logged curves; nil if there is none.
    func run(
        _ sweep: SweepRecord, number: Int
    ) throws -> (record: RunRecord, summary: RunSummary, history: RunHistory, spec: SweepSpec)? {
        guard let record = try store.run(sweepID: sweep.id, number: number) else { return nil }
        let spec = try StoredSweep.decode(sweep.specJSON, sweep: sweep.name)
        var numberByID: [Int64: Int] = [:]
        if let retried = record.retryOf, let original = try store.run(id: retried) {
            numberByID[retried] = original.number
        }
        let summary = SweepReporting.summary(
            record, spec: spec, folds: try store.foldResults(runID: record.id), numberByID: numberByID)
        let history = try SweepReporting.history(store: store, runID: record.id, number: number)
        return (record, summary, history, spec)
    }

    /// Every registered model with its versions and aliases.
    func models() throws -> [(model: ModelRecord, versions: [ModelVersionRecord], aliases: [ModelAliasRecord])] {
        try store.models().map { m in
            (m, try store.modelVersions(modelID: m.id), try store.modelAliases(modelID: m.id))
        }
    }
}
