import Core
import Reports
import Tracking

/// A run's page: its config, state and reason, and its per-fold train/test curves with the
/// L2 and Gramian terms, which grow while it runs (the script refetches ``curves``).
struct RunPage {
    let sweep: String
    let record: RunRecord
    let summary: RunSummary
    let history: RunHistory
    let metric: String
    let goal: String

    var path: String { PageLayout.runPath(sweep, record.number) }

    /// The last step with a logged value.
    var lastLoggedStep: Int? { history.series.compactMap(\.steps.last).max() }

    /// The steps done: as recorded when the run ended, else the last logged step while it runs.
    var stepsText: String {
        let done = summary.steps.map { "\($0)" } ?? lastLoggedStep.map { "\($0) (logged)" } ?? "-"
        return done + (summary.plannedSteps.map { " of \($0)" } ?? "")
    }

    func render() -> String {
        let facts = PageLayout.facts([
            ("sweep", PageLayout.sweepLink(sweep)),
            (
                "state",
                "<span data-field=\"state\" class=\"state-\(PageLayout.escape(summary.state))\">\(PageLayout.escape(summary.state))</span>"
            ),
            ("reason", "<span data-field=\"reason\">\(PageLayout.escape(summary.error ?? "-"))</span>"),
            (
                "\(metric) (\(goal))",
                "<span data-field=\"metric\">\(PageLayout.escape(PageLayout.number(summary.metric)))</span>"
            ),
            (
                "steps",
                "<span data-field=\"steps\">\(PageLayout.escape(stepsText))</span>"
            ),
            (
                "seconds",
                "<span data-field=\"seconds\">\(PageLayout.escape(PageLayout.duration(summary.seconds)))</span>"
            ),
            ("agent", PageLayout.escape("\(record.agentID) on \(record.host), pid \(record.pid)")),
            ("started", PageLayout.escape(PageLayout.time(record.startedAt))),
            (
                "finished",
                "<span data-field=\"finished\">\(PageLayout.escape(PageLayout.time(record.finishedAt)))</span>"
            ),
            ("retry of", summary.retryOf.map { PageLayout.runLink(sweep, $0) } ?? "-"),
        ])
        var config = "<table class=\"config\"><tr><th class=\"l\">parameter</th><th class=\"l\">value</th></tr>"
        for (name, value) in summary.config.sorted(by: { $0.key < $1.key }) {
            config +=
                "<tr><td class=\"l\">\(PageLayout.escape(name))</td><td class=\"l\">\(PageLayout.escape(value.description))</td></tr>"
        }
        config += "</table>"
        var folds = ""
        if !summary.foldValues.isEmpty || !summary.trainFoldValues.isEmpty {
            folds = "<table><tr><th>fold</th><th>train OMSE</th><th>test OMSE</th></tr>"
            for f in 0..<max(summary.foldValues.count, summary.trainFoldValues.count) {
                let train = f < summary.trainFoldValues.count ? summary.trainFoldValues[f] : nil
                let test = f < summary.foldValues.count ? summary.foldValues[f] : nil
                folds += "<tr><td>\(f)</td><td>\(PageLayout.number(train))</td><td>\(PageLayout.number(test))</td></tr>"
            }
            folds += "</table>"
        }
        let live = summary.state == "running" ? "/api\(path)" : nil
        let body = """
            <h1>Run \(record.number) of \(PageLayout.sweepLink(sweep))</h1>
            \(facts)
            <h2>Training curves</h2>
            <div id="curves" data-curves="\(PageLayout.escape(path))/curves">\(curves())</div>
            <h2>Config</h2>\(config)
            \(folds.isEmpty ? "" : "<h2>Folds</h2>" + folds)
            """
        return PageLayout.page("Run \(record.number) of \(sweep)", body: body, live: live)
    }

    /// The curves: per fold train and test OMSE, then the L2 and Gramian terms (HTML).
    func curves() -> String {
        let report = SweepReport(
            sweep: sweep, method: "", metric: metric, goal: goal, fingerprint: "", wallSeconds: nil,
            runs: [summary], histories: [history])
        let figures = SweepFigures(report: report)
        return figures.curves + figures.regularization
    }
}
