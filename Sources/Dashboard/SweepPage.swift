import Core
import Foundation
import Reports
import Search
import Tracking

/// A sweep's page: live progress, the report's charts, and a runs table that sorts, filters and
/// pages on the server.
struct SweepPage {
    let snapshot: DashboardData.Snapshot
    let query: RunsQuery

    var name: String { snapshot.sweep.name }
    var report: SweepReport { snapshot.report }

    func render() -> String {
        let path = "/sweeps/\(PageLayout.segment(name))"
        var body = "<h1>Sweep \(PageLayout.escape(name))</h1>"
        if let description = snapshot.spec.description {
            body += "<p class=\"description\">\(PageLayout.escape(description))</p>"
        }
        body += header()
        body += section("Best so far and Pareto fronts", snapshot.charts.bestAndFronts)
        body += section("Hyperparameters and \(report.metric)", snapshot.charts.parameters)
        body += section("Fold consistency", snapshot.charts.folds)
        body += "<h2 id=\"runs\">Runs</h2>" + filterForm()
        let (runs, total) = query.page(of: report.runs)
        let rowsURL = "\(path)/rows?\(query.queryString())"
        body += """
            <form method="get" action="/compare">
            <table class="runs"><thead>\(tableHeader())</thead>
            <tbody id="runs-body" data-rows="\(PageLayout.escape(rowsURL))">\(Self.rows(runs, sweep: name, parameters: parameters))</tbody></table>
            <p>\(pager(total: total)) <button type="submit">Compare selected runs</button></p>
            </form>
            """
        return PageLayout.page("Sweep \(name)", body: body, live: "/api/sweeps/\(PageLayout.segment(name))/progress")
    }

    /// The swept parameters, the table's columns.
    var parameters: [String] { snapshot.parameters }

    func header() -> String {
        let counts = report.counts
        let best = report.best.map {
            PageLayout.runLink(name, $0.number) + " · " + PageLayout.escape(PageLayout.number($0.metric))
        }
        let states = SweepReport.states.compactMap { s in counts[s].map { "\(s) \($0)" } }.joined(separator: ", ")
        return PageLayout.facts([
            ("state", "<span data-field=\"state\">\(PageLayout.escape(snapshot.sweep.state.rawValue))</span>"),
            ("method", PageLayout.escape(report.method)),
            ("metric", PageLayout.escape("\(report.metric) (\(report.goal))")),
            (
                "finished",
                "<span data-field=\"progress\">\(PageLayout.progress(done: snapshot.finished, total: snapshot.planned))</span>"
            ),
            ("runs", "<span data-field=\"states\">\(PageLayout.escape(states.isEmpty ? "none yet" : states))</span>"),
            ("running agents", "<span data-field=\"agents\">\(snapshot.runningAgents)</span>"),
            ("best run", "<span data-field=\"best\">\(best ?? "-")</span>"),
            (
                "wall time",
                "<span data-field=\"wall\">\(PageLayout.escape(PageLayout.duration(report.wallSeconds)))</span>"
            ),
        ])
    }

    func section(_ title: String, _ charts: [String]) -> String {
        let shown = charts.filter { !$0.isEmpty }
        let content =
            shown.isEmpty
            ? "<p class=\"note\">Nothing to show yet.</p>" : "<div class=\"charts\">\(shown.joined())</div>"
        return "<h2>\(PageLayout.escape(title))</h2>\(content)"
    }

    func filterForm() -> String {
        var states = "<option value=\"\">any state</option>"
        for s in SweepReport.states {
            states += "<option\(query.state == s ? " selected" : "")>\(s)</option>"
        }
        var params = "<option value=\"\">parameter</option>"
        for p in parameters {
            params += "<option\(query.parameter == p ? " selected" : "")>\(PageLayout.escape(p))</option>"
        }
        func number(_ name: String, _ value: Double?, _ placeholder: String) -> String {
            "<input name=\"\(name)\" size=\"8\" placeholder=\"\(placeholder)\" value=\"\(value.map { "\($0)" } ?? "")\">"
        }
        return """
            <form class="filters" method="get" action="#runs">
            <select name="state">\(states)</select>
            <select name="param">\(params)</select> \(number("param_min", query.parameterMin, "min"))–\(number("param_max", query.parameterMax, "max"))
            \(PageLayout.escape(report.metric)) \(number("metric_min", query.metricMin, "min"))–\(number("metric_max", query.metricMax, "max"))
            <input type="hidden" name="sort" value="\(PageLayout.escape(query.sort))">
            \(query.descending ? "<input type=\"hidden\" name=\"order\" value=\"desc\">" : "")
            <button type="submit">Filter</button> <a href="?">clear</a>
            </form>
            """
    }

    func tableHeader() -> String {
        func sortable(_ key: String, _ label: String, left: Bool = false) -> String {
            let active = query.sort == key
            let order = active && !query.descending ? "desc" : ""
            let arrow = active ? (query.descending ? " ▼" : " ▲") : ""
            let href = "?" + query.queryString(["sort": key, "order": order, "page": ""]) + "#runs"
            return
                "<th\(left ? " class=\"l\"" : "")><a href=\"\(PageLayout.escape(href))\">\(PageLayout.escape(label))\(arrow)</a></th>"
        }
        var cells = "<th></th>" + sortable("number", "run") + sortable("state", "state", left: true)
        cells += sortable("metric", report.metric) + sortable("steps", "steps") + sortable("seconds", "seconds")
        for p in parameters { cells += sortable(p, p) }
        return "<tr>" + cells + "<th class=\"l\">reason</th></tr>"
    }

    /// The table rows of `runs` (also the live fragment).
    static func rows(_ runs: [RunSummary], sweep: String, parameters: [String]) -> String {
        guard !runs.isEmpty else {
            return "<tr><td colspan=\"\(parameters.count + 7)\" class=\"l note\">No runs match.</td></tr>"
        }
        var out = ""
        for run in runs {
            let value = "\(sweep):\(run.number)"
            out +=
                "<tr data-run=\"\(run.number)\"><td><input type=\"checkbox\" name=\"run\" value=\"\(PageLayout.escape(value))\"></td>"
            out += "<td>\(PageLayout.runLink(sweep, run.number, text: "\(run.number)"))</td>"
            out +=
                "<td class=\"l state-\(PageLayout.escape(run.state))\" data-field=\"state\">\(PageLayout.escape(run.state))</td>"
            out += "<td>\(PageLayout.escape(PageLayout.number(run.metric)))</td>"
            out += "<td>\(run.steps.map { "\($0)" } ?? "-")</td>"
            out += "<td>\(PageLayout.escape(run.seconds.map { String(format: "%.1f", $0) } ?? "-"))</td>"
            for p in parameters {
                out += "<td>\(PageLayout.escape(run.config[p].map(Self.shown) ?? "-"))</td>"
            }
            out += "<td class=\"l reason\">\(PageLayout.escape(run.error ?? ""))</td></tr>"
        }
        return out
    }

    /// A parameter value as the table shows it (numbers to 4 significant digits).
    static func shown(_ value: ParameterValue) -> String {
        if case .double(let d) = value { return String(format: "%.4g", d) }
        return value.description
    }

    func pager(total: Int) -> String {
        let pages = max(1, (total + query.perPage - 1) / query.perPage)
        var parts = ["<span class=\"pager\">\(total) runs · page \(query.page) of \(pages)"]
        if query.page > 1 {
            parts.append(
                "<a href=\"?\(PageLayout.escape(query.queryString(["page": "\(query.page - 1)"])))#runs\">previous</a>")
        }
        if query.page < pages {
            parts.append(
                "<a href=\"?\(PageLayout.escape(query.queryString(["page": "\(query.page + 1)"])))#runs\">next</a>")
        }
        return parts.joined(separator: " · ") + "</span>"
    }
}
