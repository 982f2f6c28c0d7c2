import Core
import Factorization
import Foundation

/// The sweep report as one self-contained HTML page: inline CSS and SVG, no scripts, no
/// network. It draws the book's sweep figures — per-fold train/test OMSE curves (10-3), the L2
/// and Gramian terms over steps (10-4), parallel coordinates of folds (10-5) and of
/// hyperparameters against the metric (10-6), the best-so-far and (metric, cost) Pareto
/// charts (10-7) — plus importance bars and the report's tables.
struct HTMLReport {
    let report: SweepReport
    let analysis: ReportAnalysis

    func render() -> String {
        let a = analysis
        var body: [String] = []
        body.append("<h1>Sweep \(HTML.escape(a.sweep))</h1>")
        body.append(factsTable())
        body.append(
            section(
                "Best so far and Pareto fronts (Figure 10-7)",
                [
                    charts([bestSoFarChart(), paretoChart(a.pareto.seconds), paretoChart(a.pareto.modelSize)]),
                    frontTables(),
                ]))
        body.append(section("Top runs", [table(topTable())]))
        body.append(section("Training curves of the best runs (Figure 10-3)", curveCharts()))
        body.append(section("Regularization terms over steps (Figure 10-4)", regularizationCharts()))
        body.append(section("Folds (Figure 10-5)", foldParts()))
        body.append(section("Hyperparameters and \(a.metric.name) (Figure 10-6)", importanceParts()))
        body.append(section("Failed, crashed, pruned and stopped runs", problemParts()))
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>mfsweep report: \(HTML.escape(a.sweep))</title>
            <style>
            body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1360px}
            h1{font-size:24px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            table{border-collapse:collapse;font-size:13px;margin:8px 0}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f4f4f4}
            td.l,th.l{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:12px}
            .note{font-size:13px;color:#444}.warn{color:#b00020;font-weight:bold}
            svg{border:1px solid #eee}
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>
            """
    }

    // MARK: Layout

    func section(_ title: String, _ parts: [String]) -> String {
        let content = parts.filter { !$0.isEmpty }
        return "<h2>\(HTML.escape(title))</h2>\n"
            + (content.isEmpty ? "<p class=\"note\">Nothing to show yet.</p>" : content.joined(separator: "\n"))
    }

    func charts(_ svgs: [String]) -> String {
        let shown = svgs.filter { !$0.isEmpty }
        return shown.isEmpty ? "" : "<div class=\"charts\">" + shown.joined() + "</div>"
    }

    func table(_ t: TextTable) -> String {
        var s = "<table><tr>"
        for (i, h) in t.header.enumerated() {
            s += "<th\(t.leftAligned.contains(i) ? " class=\"l\"" : "")>\(HTML.escape(h))</th>"
        }
        s += "</tr>"
        for row in t.rows {
            s += "<tr>"
            for (i, c) in row.enumerated() {
                s += "<td\(t.leftAligned.contains(i) ? " class=\"l\"" : "")>\(HTML.escape(c))</td>"
            }
            s += "</tr>"
        }
        return s + "</table>"
    }

    func factsTable() -> String {
        var s = "<table>"
        for (label, value) in analysis.headerFacts() {
            s += "<tr><th class=\"l\">\(HTML.escape(label))</th><td class=\"l\">\(HTML.escape(value))</td></tr>"
        }
        return s + "</table>"
    }

    func topTable() -> TextTable {
        for block in analysis.topBlocks() { if case .table(let t) = block { return t } }
        return TextTable(header: ["top runs"], rows: [["no finished runs yet"]], leftAligned: [0])
    }

    func frontTables() -> String {
        var parts: [String] = []
        for block in analysis.paretoBlocks() {
            switch block {
            case .heading(let h):
                let caption = h.replacingOccurrences(of: "; * on the front", with: "")
                parts.append("<p class=\"note\">\(HTML.escape(caption))</p>")
            case .table(let t): parts.append(table(t))
            default: break
            }
        }
        return parts.joined(separator: "\n")
    }

    func foldParts() -> [String] {
        var parts = [charts([foldChart(), foldOffsetChart()])]
        for block in analysis.foldBlocks() {
            switch block {
            case .lines(let lines):
                parts += lines.map {
                    "<p class=\"\($0.hasPrefix("warning") ? "warn" : "note")\">\(HTML.escape($0))</p>"
                }
            case .table(let t): parts.append(table(t))
            default: break
            }
        }
        return parts
    }

    func importanceParts() -> [String] {
        var parts = [hyperparameterChart(), importanceChart()]
        for block in analysis.importanceBlocks() {
            switch block {
            case .heading(let h): parts.append("<p class=\"note\">\(HTML.escape(h))</p>")
            case .table(var t):
                // No text bar column in HTML: the chart above draws the bars.
                t.header.remove(at: 2)
                t.rows = t.rows.map {
                    var r = $0; r.remove(at: 2); return r
                }
                t.leftAligned = [0, 3]
                parts.append(table(t))
            default: break
            }
        }
        return parts
    }

    func problemParts() -> [String] {
        guard !analysis.problems.isEmpty else { return ["<p class=\"note\">None.</p>"] }
        let rows = analysis.problems.map { p in
            [
                "\(p.run)", p.state, p.step.map { "\($0)" } ?? "-", p.rule ?? "-",
                p.retriedAs.map { "\($0)" } ?? "-", p.reason ?? "",
            ]
        }
        return [
            table(
                TextTable(
                    header: ["run", "state", "step", "rule", "retried as", "reason"], rows: rows,
                    leftAligned: [1, 3, 5]))
        ]
    }
}
