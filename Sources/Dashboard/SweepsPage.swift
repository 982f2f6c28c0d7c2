import Reports
import Search
import Tracking

/// The sweeps page: each sweep's state, progress, running agents, best run and wall time.
struct SweepsPage {
    /// One sweep's line.
    struct Line {
        let snapshot: DashboardData.Snapshot

        var name: String { snapshot.sweep.name }
        var total: Int { snapshot.report.runs.count }
    }

    let lines: [Line]

    func render() -> String {
        guard !lines.isEmpty else {
            return PageLayout.page(
                "Sweeps", body: "<h1>Sweeps</h1><p class=\"note\">This store has no sweeps yet.</p>",
                live: "/api/sweeps")
        }
        var rows = ""
        for line in lines {
            let s = line.snapshot
            let best = s.report.best
            let bestCell =
                best.map {
                    PageLayout.runLink(line.name, $0.number) + " " + PageLayout.escape(PageLayout.number($0.metric))
                } ?? "-"
            let description =
                s.spec.description.map { "<div class=\"description\">\(PageLayout.escape($0))</div>" } ?? ""
            rows += """
                <tr data-sweep="\(PageLayout.escape(line.name))"><td class="l">\(PageLayout.sweepLink(line.name))\(description)</td>\
                <td class="l" data-field="state">\(PageLayout.escape(s.sweep.state.rawValue))</td>\
                <td class="l" data-field="progress">\(PageLayout.progress(done: s.finished, total: s.planned))</td>\
                <td data-field="running">\(s.report.counts["running"] ?? 0)</td>\
                <td data-field="agents">\(s.runningAgents)</td>\
                <td data-field="runs">\(line.total)</td>\
                <td class="l" data-field="best">\(bestCell)</td>\
                <td data-field="wall">\(PageLayout.escape(PageLayout.duration(s.report.wallSeconds)))</td></tr>
                """
        }
        let body = """
            <h1>Sweeps</h1>
            <table class="runs"><thead><tr><th class="l">sweep</th><th class="l">state</th><th class="l">finished</th>\
            <th>running</th><th>agents</th><th>runs</th><th class="l">best</th><th>wall time</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return PageLayout.page("Sweeps", body: body, live: "/api/sweeps")
    }
}
