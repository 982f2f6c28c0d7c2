import Core
import Reports

/// The compare page: runs of one sweep or of several side by side, the differences marked, and
/// their test OMSE curves overlaid.
struct ComparePage {
    /// One compared run.
    struct Entry {
        let sweep: String
        let summary: RunSummary
        let history: RunHistory
        let metric: String
    }

    let entries: [Entry]
    /// What the request named that does not exist (shown, not fatal).
    let missing: [String]
    /// The sweeps to pick from.
    let sweeps: [String]

    func render() -> String {
        var body = "<h1>Compare runs</h1>"
        body += """
            <form class="filters" method="get" action="/compare">
            <label>Runs <input name="runs" size="50" placeholder="sweep:3 sweep:7 other-sweep:2" value="\(PageLayout.escape(entries.map { "\($0.sweep):\($0.summary.number)" }.joined(separator: " ")))"></label>
            <button type="submit">Compare</button>
            <span class="note">sweeps: \(sweeps.map(PageLayout.escape).joined(separator: ", "))</span>
            </form>
            """
        for m in missing { body += "<p class=\"warn\">\(PageLayout.escape(m))</p>" }
        guard !entries.isEmpty else {
            return PageLayout.page(
                "Compare", body: body + "<p class=\"note\">Pick runs on a sweep's page, or name them above.</p>")
        }
        body += table()
        let lines = entries.map { e in
            let curve = Self.meanTestCurve(e.history)
            return (label: "\(e.sweep):\(e.summary.number)", steps: curve.steps, values: curve.values)
        }
        let overlay = SweepFigures.overlay(
            title: "Test OMSE (mean over folds) by step", metric: "test OMSE", lines: lines)
        body +=
            "<h2>Curves</h2>"
            + (overlay.isEmpty ? "<p class=\"note\">No logged curves.</p>" : "<div class=\"charts\">\(overlay)</div>")
        return PageLayout.page("Compare", body: body)
    }

    /// Rows of facts and parameters, one column per run; a row whose values differ is marked.
    func table() -> String {
        var rows: [(String, [String])] = [
            ("sweep", entries.map(\.sweep)),
            ("state", entries.map(\.summary.state)),
            ("metric", entries.map { "\($0.metric) \(PageLayout.number($0.summary.metric))" }),
            ("steps done", entries.map { $0.summary.steps.map { "\($0)" } ?? "-" }),
            ("seconds", entries.map { PageLayout.duration($0.summary.seconds) }),
            ("reason", entries.map { $0.summary.error ?? "" }),
        ]
        let facts = rows.count
        let parameters = Set(entries.flatMap { $0.summary.config.keys }).sorted()
        for p in parameters {
            rows.append((p, entries.map { $0.summary.config[p].map(SweepPage.shown) ?? "-" }))
        }
        var html = "<table class=\"compare\"><tr><th class=\"l\"></th>"
        for e in entries {
            html +=
                "<th class=\"l\">\(PageLayout.runLink(e.sweep, e.summary.number, text: "\(e.sweep) · run \(e.summary.number)"))</th>"
        }
        html += "</tr>"
        for (k, (label, values)) in rows.enumerated() {
            // The config's parameters under a heading of their own (a parameter may share a
            // fact's name, as `steps` does).
            if k == facts {
                html += "<tr class=\"group\"><th class=\"l\" colspan=\"\(entries.count + 1)\">config</th></tr>"
            }
            let differs = Set(values).count > 1
            html +=
                "<tr\(differs ? " class=\"diff\"" : "")><th class=\"l\">\(PageLayout.escape(label))\(differs ? " ≠" : "")</th>"
            for v in values { html += "<td class=\"l\">\(PageLayout.escape(v))</td>" }
            html += "</tr>"
        }
        return html + "</table>"
    }

    /// The mean over folds of the per-fold test OMSE at each logged step (or the logged mean).
    static func meanTestCurve(_ history: RunHistory) -> (steps: [Int], values: [Double]) {
        if let mean = history.acrossFolds(MetricName.testOMSEMean) { return (mean.steps, mean.values) }
        var sums: [Int: (Double, Int)] = [:]
        for s in history.perFold(MetricName.testOMSE) {
            for (step, v) in zip(s.steps, s.values) where v.isFinite {
                let t = sums[step] ?? (0, 0)
                sums[step] = (t.0 + v, t.1 + 1)
            }
        }
        let steps = sums.keys.sorted()
        return (steps, steps.map { sums[$0]!.0 / Double(sums[$0]!.1) })
    }
}
