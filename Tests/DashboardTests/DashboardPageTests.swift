import Agents
import Core
import Dashboard
import Foundation
import Reports
import TestSupport
import Testing
import Tracking

/// The pages and the JSON API, called in-process (``Dashboard/respond(to:)``).
@Suite struct DashboardPageTests {
    static func get(_ dashboard: Dashboard, _ target: String) -> DashboardResponse {
        let parts = target.split(separator: "?", maxSplits: 1)
        var query: [(name: String, value: String)] = []
        if parts.count == 2 {
            for item in parts[1].split(separator: "&") {
                let kv = item.split(separator: "=", maxSplits: 1).map {
                    String($0).removingPercentEncoding ?? String($0)
                }
                query.append((kv[0], kv.count > 1 ? kv[1] : ""))
            }
        }
        return dashboard.respond(to: DashboardRequest(path: String(parts[0]), query: query))
    }

    static func json(_ response: DashboardResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
    }

    @Test func sweepsPageShowsProgressAgentsBestAndWallTime() throws {
        let (f, _, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let page = Self.get(Dashboard(store: f.store), "/")
        #expect(page.status == 200 && page.contentType.hasPrefix("text/html"))
        let body = page.body
        // alpha: 3 of 10 finished, 1 running on 1 agent, best run 2 (0.7), wall 0…7 s.
        let alpha = try #require(body.range(of: "data-sweep=\"alpha\"")).lowerBound
        let row = String(body[alpha...].prefix(while: { $0 != "\n" }))
        #expect(row.contains("<span class=\"progress-label\">3/10</span>"))
        #expect(row.contains("<td data-field=\"running\">1</td>") && row.contains("<td data-field=\"agents\">1</td>"))
        #expect(row.contains("<a href=\"/sweeps/alpha/runs/2\">run 2</a> 0.7000"))
        #expect(row.contains("<td data-field=\"wall\">6.0s</td>"))
        #expect(body.contains("data-sweep=\"beta\""))
        #expect(body.contains("data-live=\"/api/sweeps\""))
    }

    /// Every page that shows a user-supplied string shows it as text: the sweep's description,
    /// a failed run's reason and a config key are `<img src=x onerror=alert(1)>` and must
    /// never reach a page as markup.
    @Test(arguments: [
        "/", "/sweeps/alpha", "/sweeps/alpha/rows", "/sweeps/alpha/runs/4", "/sweeps/alpha/runs/6",
        "/sweeps/alpha/runs/6/curves", "/compare?run=alpha:4&run=beta:1", "/compare?runs=alpha:4%20nope:1",
        "/models", "/sweeps/%3Cimg%20src%3Dx%3E", "/sweeps/alpha/runs/%3Cb%3E",
    ])
    func userStringsAreEscapedOnEveryPage(_ target: String) throws {
        let (f, alpha, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        // A run whose config has a key that is markup.
        let odd = try f.claim(alpha, config: #"{"<img src=x onerror=alert(1)>":1,"emb_dim":2}"#, now: 9)
        try f.finish(odd, .failed, metric: nil, error: DashboardFixture.attack, now: 10)
        let body = Self.get(Dashboard(store: f.store), target).body
        #expect(!body.lowercased().contains("<img"), "\(target)")
        #expect(!body.lowercased().contains("<b>"), "\(target)")
        #expect(!body.contains("onerror=alert(1)>"), "\(target)")
        if ["/", "/sweeps/alpha", "/sweeps/alpha/rows", "/sweeps/alpha/runs/4"].contains(target) {
            #expect(body.contains("&lt;img src=x onerror=alert(1)&gt;"), "\(target)")
        }
    }

    @Test func runsTableSortsFiltersAndPagesOnTheServer() throws {
        let (f, _, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let dashboard = Dashboard(store: f.store)
        func numbers(_ query: String) throws -> (runs: [Int], total: Int) {
            let doc = try Self.json(Self.get(dashboard, "/api/sweeps/alpha/runs?\(query)"))
            let runs = try #require(doc["runs"] as? [[String: Any]])
            return (runs.compactMap { $0["number"] as? Int }, try #require(doc["total"] as? Int))
        }
        // Metrics: 1 → 0.9, 2 → 0.7, 3 → 0.8, 5 → 1.2 (pruned); 4 and 6 have none (last).
        #expect(try numbers("sort=metric").runs == [2, 3, 1, 5, 4, 6])
        #expect(try numbers("sort=metric&order=desc").runs == [5, 1, 3, 2, 4, 6])
        #expect(try numbers("state=finished&sort=metric&order=desc").runs == [1, 3, 2])
        #expect(try numbers("param=emb_dim&param_min=4").runs == [2, 3, 4, 5])
        #expect(try numbers("param=ell_2&param_max=0.02&sort=ell_2").runs == [6, 1, 2])
        #expect(try numbers("metric_min=0.75&metric_max=1").runs == [1, 3])
        #expect(try numbers("per_page=2&page=2") == ([3, 4], 6))
        #expect(try numbers("per_page=2&page=9") == ([], 6))
        // The HTML table shows one page, with links that keep the filter.
        let page = Self.get(dashboard, "/sweeps/alpha?state=finished&sort=metric&per_page=2").body
        #expect(page.contains("3 runs · page 1 of 2"))
        #expect(page.contains("href=\"?state=finished&amp;sort=metric&amp;per_page=2&amp;page=2#runs\">next</a>"))
        #expect(page.components(separatedBy: "<tr data-run=").count - 1 == 2)
    }

    /// A sweep of 10,000 runs sends one page of rows, never them all (`mfbench dashboard` times
    /// the whole page in a release build).
    @Test func aSweepOfTenThousandRunsSendsOnePageOfRows() throws {
        let f = try DashboardFixture()
        defer { f.folder.remove() }
        let sweep = try f.makeSweep("big", description: "ten thousand runs", count: 10_000)
        try RunStore.bulkFinishedRuns(path: f.storePath, sweepID: sweep.id, count: 10_000, agent: f.agent)
        let dashboard = Dashboard(store: f.store)
        let rows = Self.get(dashboard, "/sweeps/big/rows?sort=metric&page=200").body
        #expect(rows.components(separatedBy: "<tr data-run=").count - 1 == 50)
        let doc = try Self.json(Self.get(dashboard, "/api/sweeps/big/runs?page=200"))
        #expect(doc["total"] as? Int == 10_000 && (doc["runs"] as? [Any])?.count == 50)
        #expect((doc["runs"] as? [[String: Any]])?.last?["number"] as? Int == 10_000)
        let progress = try Self.json(Self.get(dashboard, "/api/sweeps/big/progress"))
        #expect(progress["finished"] as? Int == 10_000 && progress["planned"] as? Int == 10_000)
    }

    @Test func theSweepDocumentIsTheReportsJSON() throws {
        let (f, alpha, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let api = Self.get(Dashboard(store: f.store), "/api/sweeps/alpha")
        #expect(api.contentType == "application/json")
        let report = try SweepReporting.report(store: f.store, sweep: alpha).render(.json)
        #expect(api.body == report)
        let progress = try Self.json(Self.get(Dashboard(store: f.store), "/api/sweeps/alpha/progress"))
        #expect(progress["counts"] as? [String: Int] == ["finished": 3, "failed": 1, "pruned": 1, "running": 1])
        #expect(progress["finished"] as? Int == 3 && progress["planned"] as? Int == 10)
        #expect(progress["running_agents"] as? Int == 1)
        #expect((progress["best"] as? [String: Any])?["run"] as? Int == 2)
        #expect(progress["wall_seconds"] as? Double == 6)
        #expect(progress["description"] as? String == DashboardFixture.attack)
    }

    /// A running run's page polls its JSON endpoint and its curves grow as metrics arrive; once
    /// the run finishes, the endpoint says so (what the page's script shows without a reload).
    @Test func aRunningRunsCurvesGrowAndItsStateMovesToFinished() throws {
        let (f, _, running) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let dashboard = Dashboard(store: f.store, refreshInterval: 0)
        let page = Self.get(dashboard, "/sweeps/alpha/runs/6").body
        #expect(page.contains("data-live=\"/api/sweeps/alpha/runs/6\""))
        #expect(page.contains("data-curves=\"/sweeps/alpha/runs/6/curves\""))
        // One logged step: no curve yet (a line needs two points).
        let before = Self.get(dashboard, "/sweeps/alpha/runs/6/curves").body
        #expect(!before.contains("<polyline"))
        try f.log(running, steps: [5, 10], start: 2.4)
        let after = Self.get(dashboard, "/sweeps/alpha/runs/6/curves").body
        // Per fold train and test (4 lines), then the L2 and Gramian terms (one line each).
        #expect(after.components(separatedBy: "<polyline").count - 1 == 6)
        var state = try Self.json(Self.get(dashboard, "/api/sweeps/alpha/runs/6"))
        #expect((state["run"] as? [String: Any])?["state"] as? String == "running")
        #expect(state["last_logged_step"] as? Int == 10)
        #expect(
            Self.get(dashboard, "/sweeps/alpha/runs/6").body.contains(
                "<span data-field=\"steps\">10 (logged) of 1000</span>"))
        try f.finish(running, .finished, metric: 0.5, now: 20)
        state = try Self.json(Self.get(dashboard, "/api/sweeps/alpha/runs/6"))
        #expect((state["run"] as? [String: Any])?["state"] as? String == "finished")
        #expect(state["finished_at"] as? Double == 20)
        // A finished run's page does not poll; the sweep's progress and best move.
        #expect(!Self.get(dashboard, "/sweeps/alpha/runs/6").body.contains("data-live"))
        let progress = try Self.json(Self.get(dashboard, "/api/sweeps/alpha/progress"))
        #expect(progress["finished"] as? Int == 4)
        #expect((progress["best"] as? [String: Any])?["run"] as? Int == 6)
        let metrics = try Self.json(Self.get(dashboard, "/api/sweeps/alpha/runs/6/metrics"))
        #expect((metrics["series"] as? [Any])?.count == 9)
    }

    /// Within the refresh interval a changed sweep is shown as of its last analysis (so clients
    /// refreshing every second cannot make the server analyse a big sweep over and over).
    @Test func aChangedSweepIsReanalysedAtMostOncePerInterval() throws {
        let (f, _, running) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let slow = Dashboard(store: f.store, refreshInterval: 3600)
        let eager = Dashboard(store: f.store, refreshInterval: 0)
        for d in [slow, eager] {
            #expect(try Self.json(Self.get(d, "/api/sweeps/alpha/progress"))["finished"] as? Int == 3)
        }
        try f.finish(running, .finished, metric: 0.5, now: 20)
        #expect(try Self.json(Self.get(slow, "/api/sweeps/alpha/progress"))["finished"] as? Int == 3)
        #expect(try Self.json(Self.get(eager, "/api/sweeps/alpha/progress"))["finished"] as? Int == 4)
        // A new dashboard (a restarted server) analyses at once.
        #expect(
            try Self.json(Self.get(Dashboard(store: f.store), "/api/sweeps/alpha/progress"))["finished"] as? Int == 4)
    }

    /// A sweep page is kept per snapshot and query: asked again it is the same page; after a
    /// run changes state (a new snapshot) it is drawn anew; another query is another page.
    @Test func keptSweepPagesFollowTheirSnapshotAndQuery() throws {
        let (f, _, running) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let dashboard = Dashboard(store: f.store, refreshInterval: 0)
        let first = Self.get(dashboard, "/sweeps/alpha").body
        #expect(first.contains("finished 3") && first == Self.get(dashboard, "/sweeps/alpha").body)
        let byMetric = Self.get(dashboard, "/sweeps/alpha?sort=metric&order=desc").body
        #expect(byMetric != first)
        try f.finish(running, .finished, metric: 0.5, now: 20)
        let after = Self.get(dashboard, "/sweeps/alpha").body
        #expect(after.contains("finished 4") && !after.contains("finished 3"))
        #expect(Self.get(dashboard, "/sweeps/alpha?sort=metric&order=desc").body != byMetric)
    }

    @Test func compareShowsRunsOfTwoSweepsWithTheDifferencesMarked() throws {
        let (f, _, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let body = Self.get(Dashboard(store: f.store), "/compare?run=alpha:2&run=beta:1&run=alpha:99").body
        #expect(
            body.contains(
                "<tr class=\"diff\"><th class=\"l\">sweep ≠</th><td class=\"l\">alpha</td><td class=\"l\">beta</td></tr>"
            ))
        #expect(
            body.contains(
                "<tr class=\"diff\"><th class=\"l\">emb_dim ≠</th><td class=\"l\">4</td><td class=\"l\">8</td></tr>"))
        #expect(
            body.contains(
                "<tr><th class=\"l\">state</th><td class=\"l\">finished</td><td class=\"l\">finished</td></tr>"))
        #expect(body.contains("alpha:99: sweep alpha has no run 99"))
        // The config's rows come after their own heading.
        let heading = try #require(body.range(of: "<tr class=\"group\"><th class=\"l\" colspan=\"3\">config</th></tr>"))
        #expect(body.range(of: "emb_dim ≠")!.lowerBound > heading.upperBound)
        #expect(body.range(of: "steps done")!.lowerBound < heading.lowerBound)
        // The two test curves overlaid on one chart.
        #expect(body.components(separatedBy: "<svg").count - 1 == 1)
        #expect(body.components(separatedBy: "<polyline").count - 1 == 2)
    }

    @Test func modelsPageLinksEachVersionToItsRunAndSweep() throws {
        let (f, alpha, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let run = try #require(try f.store.run(sweepID: alpha.id, number: 2))
        _ = try f.store.registerTestModel(name: "recs", sweep: alpha, run: run, alias: "prod")
        let dashboard = Dashboard(store: f.store)
        let body = Self.get(dashboard, "/models").body
        #expect(body.contains("<a href=\"/sweeps/alpha\">alpha</a> · <a href=\"/sweeps/alpha/runs/2\">run 2</a>"))
        #expect(body.contains("aliases: prod → v1"))
        let doc = try Self.json(Self.get(dashboard, "/api/models"))
        let model = try #require((doc["models"] as? [[String: Any]])?.first)
        #expect(model["name"] as? String == "recs" && model["aliases"] as? [String: Int] == ["prod": 1])
    }

    @Test func whatDoesNotExistIsA404ThatSaysWhat() throws {
        let (f, _, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let dashboard = Dashboard(store: f.store)
        let page = Self.get(dashboard, "/sweeps/nope")
        #expect(page.status == 404 && page.body.contains("no sweep named nope"))
        let api = Self.get(dashboard, "/api/sweeps/alpha/runs/99")
        #expect(api.status == 404 && api.contentType == "application/json")
        #expect(try Self.json(api)["error"] as? String == "sweep alpha has no run 99")
        #expect(Self.get(dashboard, "/assets/nope.js").status == 404)
        #expect(Self.get(dashboard, "/assets/dashboard.js").contentType.hasPrefix("text/javascript"))
    }

    /// The same pages over a PostgreSQL store, opened read-only as `serve` opens it.
    @Test(.enabled(if: TestPostgres.isConfigured, "\(TestPostgres.skipMessage)"))
    func aPostgreSQLStoreServesTheSamePages() throws {
        let url = try #require(TestPostgres.freshStoreURL())
        let (f, _, _) = try DashboardFixture.standard(location: url)
        defer { f.folder.remove() }
        let dashboard = Dashboard(store: try RunStore.existingForReading(at: url))
        let progress = try Self.json(Self.get(dashboard, "/api/sweeps/alpha/progress"))
        #expect(progress["counts"] as? [String: Int] == ["finished": 3, "failed": 1, "pruned": 1, "running": 1])
        let page = Self.get(dashboard, "/sweeps/alpha")
        #expect(page.status == 200 && page.body.contains("<span class=\"progress-label\">3/10</span>"))
        #expect(page.body.contains("&lt;img src=x onerror=alert(1)&gt;") && !page.body.contains("<img"))
        #expect(Self.get(dashboard, "/sweeps/alpha/runs/6/curves").status == 200)
        #expect(Self.get(dashboard, "/compare?run=alpha:1&run=beta:1").body.contains("class=\"diff\""))
    }

    /// Reading every page leaves the store's file byte for byte as it was.
    @Test func readingEveryPageWritesNothing() throws {
        let (f, _, _) = try DashboardFixture.standard()
        defer { f.folder.remove() }
        let before = try Data(contentsOf: URL(fileURLWithPath: f.storePath))
        let dashboard = Dashboard(store: try RunStore.existingForReading(at: f.storePath))
        for target in [
            "/", "/sweeps/alpha", "/sweeps/alpha/rows", "/sweeps/alpha/runs/1", "/sweeps/alpha/runs/1/curves",
            "/compare?run=alpha:1&run=beta:1", "/models", "/api/sweeps", "/api/sweeps/alpha", "/api/models",
        ] {
            #expect(Self.get(dashboard, target).status == 200, "\(target)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: f.storePath)) == before)
    }
}
