import Foundation
import Reports
import Search
public import Tracking

/// The live dashboard's pages and JSON API over one run store, independent of the HTTP server
/// (``DashboardServer`` serves it; tests call ``respond(to:)`` directly).
///
/// Routes (all GET; nothing changes the store):
/// - `/` — sweeps; `/sweeps/NAME` — a sweep (runs table query: ``RunsQuery``);
///   `/sweeps/NAME/rows` — that table's rows (the live fragment);
///   `/sweeps/NAME/runs/N` — a run; `/sweeps/NAME/runs/N/curves` — its curves (fragment);
///   `/compare?run=SWEEP:N&run=…` (or `runs=SWEEP:N SWEEP:M`) — runs side by side; `/models`;
/// - `/api/sweeps`, `/api/sweeps/NAME` (the `report --format json` document),
///   `/api/sweeps/NAME/progress`, `/api/sweeps/NAME/runs`, `/api/sweeps/NAME/runs/N`,
///   `/api/sweeps/NAME/runs/N/metrics`, `/api/models`;
/// - `/assets/dashboard.css`, `/assets/dashboard.js`.
public final class Dashboard: Sendable {
    let data: DashboardData

    /// A dashboard over `store` (open it read-only: ``RunStore/existingForReading(at:)``).
    ///
    /// - Parameter refreshInterval: The least seconds between two analyses of one sweep (its
    ///   report, importance and charts); in between, a sweep whose runs changed state is shown
    ///   as of its last analysis. 0 re-analyses on every change (tests).
    public init(store: RunStore, refreshInterval: Double = 1) {
        data = DashboardData(store: store, refreshInterval: refreshInterval)
    }

    /// The answer to `request`: a page, a fragment, a JSON document, an asset, or a 404 that
    /// says what was not found. A store error is a 500 naming it.
    public func respond(to request: DashboardRequest) -> DashboardResponse {
        do {
            return try route(request)
        } catch {
            let message = "the store could not be read: \(error)"
            if request.segments.first == "api" {
                return .json(DashboardAPI.encode(["error": message]), status: 500)
            }
            return .html(
                PageLayout.page("Error", body: "<h1>Error</h1><p class=\"warn\">\(PageLayout.escape(message))</p>"),
                status: 500)
        }
    }

    private func route(_ request: DashboardRequest) throws -> DashboardResponse {
        let s = request.segments
        switch s.first ?? "" {
        case "": return try sweepsPage()
        case "assets":
            guard s.count == 2, let asset = DashboardAssets.named(s[1]) else {
                return PageLayout.notFound("no such asset")
            }
            return asset
        case "sweeps": return try sweepRoute(Array(s.dropFirst()), request, api: false)
        case "compare" where s.count == 1: return try comparePage(request)
        case "models" where s.count == 1: return ModelsPage(models: try data.models()).render().page
        case "api": return try apiRoute(Array(s.dropFirst()), request)
        default: return PageLayout.notFound("no page at /\(s.joined(separator: "/"))")
        }
    }

    private func sweepsPage() throws -> DashboardResponse {
        let lines = try data.sweeps().map { SweepsPage.Line(snapshot: try data.snapshot($0)) }
        return SweepsPage(lines: lines).render().page
    }

    /// `/sweeps/…` and `/api/sweeps/…` below the sweep's name.
    private func sweepRoute(_ s: [String], _ request: DashboardRequest, api: Bool) throws -> DashboardResponse {
        guard let name = s.first else {
            return api ? .json(DashboardAPI.encode(try sweepsList())) : try sweepsPage()
        }
        guard let sweep = try data.sweep(named: name) else {
            return missing("no sweep named \(name)", api: api)
        }
        let rest = Array(s.dropFirst())
        switch (rest.first ?? "", rest.count) {
        case ("", _):
            let snapshot = try data.snapshot(sweep)
            if api { return .json(snapshot.analysis.json()) }
            let query = RunsQuery(request)
            let html = snapshot.page(query: query.queryString()) {
                SweepPage(snapshot: snapshot, query: query).render()
            }
            return .html(html)
        case ("progress", 1) where api:
            return .json(DashboardAPI.encode(DashboardAPI.Progress(try data.snapshot(sweep))))
        case ("rows", 1) where !api:
            let snapshot = try data.snapshot(sweep)
            let page = RunsQuery(request).page(of: snapshot.report.runs)
            return .html(SweepPage.rows(page.runs, sweep: name, parameters: snapshot.parameters))
        case ("runs", 1) where api:
            let query = RunsQuery(request)
            let page = query.page(of: try data.snapshot(sweep).report.runs)
            return .json(
                DashboardAPI.encode(
                    DashboardAPI.RunsPage(total: page.total, page: query.page, perPage: query.perPage, runs: page.runs))
            )
        case ("runs", 2...3):
            guard let number = Int(rest[1]), let run = try data.run(sweep, number: number) else {
                return missing("sweep \(name) has no run \(rest[1])", api: api)
            }
            let page = RunPage(
                sweep: name, record: run.record, summary: run.summary, history: run.history,
                metric: run.spec.metric.name,
                goal: run.spec.metric.goal.rawValue)
            switch (rest.count == 3 ? rest[2] : "", api) {
            case ("", false): return page.render().page
            case ("curves", false): return .html(page.curves())
            case ("", true):
                return .json(
                    DashboardAPI.encode(
                        DashboardAPI.Run(
                            sweep: name, run: run.summary, agent: run.record.agentID, host: run.record.host,
                            pid: run.record.pid, startedAt: run.record.startedAt, finishedAt: run.record.finishedAt,
                            heartbeatAt: run.record.heartbeatAt, lastLoggedStep: page.lastLoggedStep)))
            case ("metrics", true): return .json(DashboardAPI.encode(run.history))
            default: return missing("no page at /\(request.segments.joined(separator: "/"))", api: api)
            }
        default: return missing("no page at /\(request.segments.joined(separator: "/"))", api: api)
        }
    }

    private func apiRoute(_ s: [String], _ request: DashboardRequest) throws -> DashboardResponse {
        switch s.first ?? "" {
        case "sweeps": return try sweepRoute(Array(s.dropFirst()), request, api: true)
        case "models" where s.count == 1: return .json(DashboardAPI.encode(DashboardAPI.Models(try data.models())))
        default: return missing("no endpoint at /\(request.segments.joined(separator: "/"))", api: true)
        }
    }

    private func sweepsList() throws -> DashboardAPI.Sweeps {
        DashboardAPI.Sweeps(sweeps: try data.sweeps().map { DashboardAPI.Progress(try data.snapshot($0)) })
    }

    private func comparePage(_ request: DashboardRequest) throws -> DashboardResponse {
        var names = request.values("run")
        if let list = request.value("runs") {
            names += list.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        }
        var entries: [ComparePage.Entry] = []
        var missing: [String] = []
        for item in names.prefix(20) {
            guard let colon = item.lastIndex(of: ":"), let number = Int(item[item.index(after: colon)...]) else {
                missing.append("\(item): name a run as SWEEP:NUMBER")
                continue
            }
            let sweepName = String(item[..<colon])
            guard let sweep = try data.sweep(named: sweepName) else {
                missing.append("\(item): no sweep named \(sweepName)")
                continue
            }
            guard let run = try data.run(sweep, number: number) else {
                missing.append("\(item): sweep \(sweepName) has no run \(number)")
                continue
            }
            entries.append(
                ComparePage.Entry(
                    sweep: sweepName, summary: run.summary, history: run.history, metric: run.spec.metric.name))
        }
        return ComparePage(entries: entries, missing: missing, sweeps: try data.sweeps().map(\.name)).render().page
    }

    private func missing(_ what: String, api: Bool) -> DashboardResponse {
        api ? .json(DashboardAPI.encode(["error": what]), status: 404) : PageLayout.notFound(what)
    }
}

extension String {
    /// This HTML as a 200 page response.
    var page: DashboardResponse { .html(self) }
}
