import Agents
import Core
import Foundation
import Registry
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

    /// A sweep's report as of one state of its runs; its analysis and charts are made on first
    /// use (the runs table and the progress need neither).
    final class Snapshot: Sendable {
        let sweep: SweepRecord
        let spec: SweepSpec
        let report: SweepReport
        /// Agents with a running run.
        let runningAgents: Int
        /// What the snapshot was built from: the sweep's state and its runs' count by state.
        let key: String
        /// The swept parameters (the runs table's columns).
        let parameters: [String]
        /// The runs the sweep plans (`count`, else `run_cap`), if it says.
        var planned: Int? { spec.count ?? spec.runCap }
        /// Its finished runs.
        var finished: Int { report.counts["finished"] ?? 0 }
        private let analyzed = Mutex<(analysis: ReportAnalysis, charts: Charts)?>(nil)
        /// Sweep pages drawn from this snapshot, by their runs-table query (at most
        /// ``pagesKept``): a page is a function of the two, and clients that refresh ask for the
        /// same few pages again and again.
        private let pages = Mutex<[String: String]>([:])
        static let pagesKept = 16

        init(sweep: SweepRecord, spec: SweepSpec, report: SweepReport, runningAgents: Int, key: String) {
            self.sweep = sweep
            self.spec = spec
            self.report = report
            self.runningAgents = runningAgents
            self.key = key
            parameters = report.sweptParameters
        }

        /// The sweep page for runs-table query `query`: drawn once by `draw`, then kept.
        func page(query: String, draw: () -> String) -> String {
            if let kept = pages.withLock({ $0[query] }) { return kept }
            let page = draw()
            pages.withLock { kept in
                if kept.count >= Self.pagesKept { kept.removeAll() }
                kept[query] = page
            }
            return page
        }

        /// The report's analysis (the `report --format json` document's content).
        var analysis: ReportAnalysis { analysisAndCharts().analysis }
        /// The sweep page's charts.
        var charts: Charts { analysisAndCharts().charts }

        private func analysisAndCharts() -> (analysis: ReportAnalysis, charts: Charts) {
            // Under the lock, so concurrent first uses analyse once.
            analyzed.withLock { kept in
                if let kept { return kept }
                let analysis = ReportAnalysis(report)
                let made = (analysis, Charts(SweepFigures(report: report, analysis: analysis)))
                kept = made
                return made
            }
        }
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

    /// What is kept of one sweep: its latest snapshot, whether one is being built, and its key
    /// as last read from the store.
    private struct Entry {
        var snapshot: Snapshot?
        var building = false
        /// When the latest build finished, and how long it took.
        var builtAt: ContinuousClock.Instant?
        var buildSeconds = 0.0
        /// The key last read, and when.
        var readKey: (key: String, at: ContinuousClock.Instant)?
    }

    private let entries = Mutex<[Int64: Entry]>([:])
    private let clock = ContinuousClock()

    /// The least time between two builds of one sweep's snapshot, in seconds; in between, a
    /// changed sweep is shown as of its last build. Each build also waits ten times its own
    /// length, so a big sweep whose runs keep finishing costs the server at most a tenth of a
    /// core, whatever the number of clients.
    let refreshInterval: Double

    init(store: RunStore, refreshInterval: Double) {
        self.store = store
        self.refreshInterval = refreshInterval
    }

    /// Every sweep, in the store's order.
    func sweeps() throws -> [SweepRecord] { try store.sweeps() }

    /// The sweep named `name`, or nil.
    func sweep(named name: String) throws -> SweepRecord? { try store.sweep(named: name) }

    /// The snapshot of `sweep`: the kept one while no run changed state, or while another
    /// request builds a new one, or within ``refreshInterval`` of the last build; else a new one.
    /// One build at a time per sweep: concurrent requests never analyse a sweep twice.
    ///
    /// The runs' counts by state are read at most four times per ``refreshInterval`` per
    /// sweep, however many clients ask: sixteen watchers cost the store a few small reads a
    /// second, not one per request.
    func snapshot(_ sweep: SweepRecord) throws -> Snapshot {
        let key = try self.key(sweep)
        enum Decision {
            case use(Snapshot)
            case build
            case wait
        }
        while true {
            let now = clock.now
            let decision: Decision = entries.withLock { all in
                var e = all[sweep.id] ?? Entry()
                defer { all[sweep.id] = e }
                if let kept = e.snapshot {
                    if kept.key == key && kept.sweep == sweep { return .use(kept) }
                    let pause = refreshInterval > 0 ? max(refreshInterval, 10 * e.buildSeconds) : 0
                    if e.building || (e.builtAt.map { now - $0 < .seconds(pause) } ?? false) { return .use(kept) }
                }
                if e.building { return .wait }
                e.building = true
                return .build
            }
            switch decision {
            case .use(let snapshot): return snapshot
            case .wait: Thread.sleep(forTimeInterval: 0.01)
            case .build:
                let start = clock.now
                do {
                    let snapshot = try build(sweep, key: key)
                    let seconds = (clock.now - start) / .seconds(1)
                    let builtAt = clock.now
                    entries.withLock { all in
                        func finish(_ entry: inout Entry) {
                            entry.snapshot = snapshot
                            entry.building = false
                            entry.builtAt = builtAt
                            entry.buildSeconds = seconds
                        }
                        finish(&all[sweep.id, default: Entry()])
                    }
                    return snapshot
                } catch {
                    entries.withLock { $0[sweep.id]?.building = false }
                    throw error
                }
            }
        }
    }

    /// `sweep`'s state and its runs' counts by state: what a snapshot is kept for.
    private func key(_ sweep: SweepRecord) throws -> String {
        let now = clock.now
        let maxAge = Duration.seconds(refreshInterval / 4)
        let prefix = sweep.state.rawValue + ";"
        if refreshInterval > 0, let kept = entries.withLock({ $0[sweep.id]?.readKey }), now - kept.at < maxAge,
            kept.key.hasPrefix(prefix)
        {
            return kept.key
        }
        let counts = try store.counts(sweepID: sweep.id)
        let key =
            prefix
            + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }
            .joined(separator: ",")
        entries.withLock { $0[sweep.id, default: Entry()].readKey = (key, now) }
        return key
    }

    /// A new snapshot of `sweep` as of `key`.
    private func build(_ sweep: SweepRecord, key: String) throws -> Snapshot {
        let spec = try StoredSweep.decode(sweep.specJSON, sweep: sweep.name)
        // The data file is not read (it may hold millions of ratings): model sizes come from a
        // synthetic spec only, else the model-size front is drawn against emb_dim.
        let runs = try store.runs(sweepID: sweep.id)
        let report = try SweepReporting.report(store: store, sweep: sweep, runs: runs, readsData: false)
        let agents = Set(runs.filter { $0.state == .running }.map(\.agentID)).count
        return Snapshot(sweep: sweep, spec: spec, report: report, runningAgents: agents, key: key)
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

    /// Every registered model with its versions and aliases, as `models show` gives them.
    func models() throws -> [ModelCatalog.Detail] {
        try store.models().map { try ModelCatalog.detail(store, name: $0.name) }
    }
}
