import Core
import Factorization
import Foundation

extension HTMLReport {
    var metricName: String { analysis.metric.name }
    var minimizing: Bool { analysis.metric.goal != "maximize" }

    /// Figure 10-7: every finished run's metric by run number, the best-so-far step line, the
    /// improving runs marked and labelled.
    func bestSoFarChart() -> String {
        let curve = analysis.bestSoFar
        guard curve.count >= 2 else { return "" }
        let finished = analysis.runs.filter { $0.state == "finished" && $0.metric?.isFinite == true }
        let values = finished.map { $0.metric! }
        var plot = SVGPlot(
            width: 660, title: "Best \(metricName) so far by run", xTitle: "run number",
            yTitle: metricName, x: AxisScale(covering: finished.map { Double($0.number) }),
            y: AxisScale(covering: Self.clipped(values, minimizing: minimizing)))
        plot.legend = [
            .init(label: "run", color: "#9e9e9e", dot: true),
            .init(label: "best so far", color: "#d62728"),
            .init(label: "improved", color: "#d62728", dot: true),
        ]
        for run in finished {
            plot.dot(
                Double(run.number), Self.clip(run.metric!, plot.y), color: "#9e9e9e", radius: 3,
                title: "run \(run.number): \(SweepReport.number(run.metric!))")
        }
        plot.line(curve.map { (Double($0.run), $0.value) }, color: "#d62728", width: 2, step: true)
        for p in curve where p.improved {
            plot.dot(
                Double(p.run), p.value, color: "#d62728", radius: 4.5,
                title: "run \(p.run) improved: \(SweepReport.number(p.value))")
        }
        for p in curve.filter(\.improved).suffix(6) { plot.label(Double(p.run), p.value, "\(p.run)", color: "#d62728") }
        return plot.render()
    }

    /// Figure 10-7's companion: the (cost, metric) scatter and its Pareto front.
    func paretoChart(_ front: ReportAnalysis.Front?) -> String {
        guard let front else { return "" }
        let (xTitle, title): (String, String) =
            switch front.cost {
            case "seconds": ("training seconds", "Pareto front: \(metricName) vs training seconds")
            case "model_size":
                ("model size: emb_dim × (users + items) factors", "Pareto front: \(metricName) vs model size")
            default: ("emb_dim", "Pareto front: \(metricName) vs emb_dim")
            }
        let values = front.points.map(\.metric)
        var plot = SVGPlot(
            width: 660, title: title, xTitle: xTitle, yTitle: metricName,
            x: AxisScale(covering: front.points.map(\.cost)),
            y: AxisScale(covering: Self.clipped(values, minimizing: minimizing)))
        plot.legend = [
            .init(label: "run", color: "#9e9e9e", dot: true),
            .init(label: "non-dominated", color: "#1f77b4", dot: true),
            .init(label: "front", color: "#1f77b4"),
        ]
        for p in front.points {
            plot.dot(
                p.cost, Self.clip(p.metric, plot.y), color: "#9e9e9e", radius: 3,
                title: "run \(p.run): \(SweepReport.number(p.metric)) at \(AxisScale.compact(p.cost))")
        }
        plot.line(front.front.map { ($0.cost, $0.metric) }, color: "#1f77b4", width: 2, step: true)
        for p in front.front {
            plot.dot(p.cost, p.metric, color: "#1f77b4", radius: 4.5, title: "run \(p.run)")
            plot.label(p.cost, p.metric, "\(p.run)", color: "#1f77b4")
        }
        return plot.render()
    }

    /// Figure 10-3: per fold, train (dashed) and test (solid) OMSE over steps, one chart per run.
    func curveCharts() -> [String] {
        let svgs = report.histories.compactMap { history -> String? in
            let tests = history.perFold(MetricName.testOMSE)
            let trains = history.perFold(MetricName.trainOMSE)
            guard !tests.isEmpty || !trains.isEmpty else { return nil }
            let all = (tests + trains)
            let steps = all.flatMap(\.steps).map(Double.init)
            var plot = SVGPlot(
                width: 660, title: "Run \(history.run): train and test OMSE per fold", xTitle: "step",
                yTitle: "OMSE", x: AxisScale(covering: steps),
                y: AxisScale(covering: all.flatMap(\.values), logarithmic: true))
            let folds = Set(all.compactMap(\.fold)).sorted()
            // The legend first: it sets the plot's width, which the marks' positions use.
            plot.legend =
                folds.prefix(10).map { .init(label: "fold \($0)", color: ChartColors.category($0)) }
                + [
                    .init(label: "Test omse (solid)", color: "#333"),
                    .init(label: "Train omse (dashed)", color: "#333", dashed: true),
                ]
            for f in folds {
                let color = ChartColors.category(f)
                if let s = trains.first(where: { $0.fold == f }) {
                    plot.line(zip(s.steps, s.values).map { (Double($0), $1) }, color: color, dashed: true, width: 1.4)
                }
                if let s = tests.first(where: { $0.fold == f }) {
                    plot.line(zip(s.steps, s.values).map { (Double($0), $1) }, color: color, width: 1.8)
                }
            }
            return plot.render()
        }
        guard !svgs.isEmpty else {
            return ["<p class=\"note\">No logged curves (the best runs logged no per-fold OMSE).</p>"]
        }
        return [charts(svgs)]
    }

    /// Figure 10-4: the L2 term and the Gramian term over steps (mean over folds), one line
    /// per best run.
    func regularizationCharts() -> [String] {
        func chart(_ name: String, _ title: String) -> String {
            var lines: [(run: Int, points: [(Double, Double)])] = []
            for history in report.histories {
                let folds = history.perFold(name)
                guard !folds.isEmpty else { continue }
                var sums: [Int: (Double, Int)] = [:]
                for s in folds {
                    for (step, v) in zip(s.steps, s.values) where v.isFinite {
                        let o = sums[step] ?? (0, 0)
                        sums[step] = (o.0 + v, o.1 + 1)
                    }
                }
                lines.append((history.run, sums.keys.sorted().map { (Double($0), sums[$0]!.0 / Double(sums[$0]!.1)) }))
            }
            guard !lines.isEmpty else { return "" }
            var plot = SVGPlot(
                width: 660, title: title, xTitle: "step", yTitle: name,
                x: AxisScale(covering: lines.flatMap { $0.points.map(\.0) }),
                y: AxisScale(covering: lines.flatMap { $0.points.map(\.1) }, logarithmic: true))
            plot.legend = lines.enumerated().map {
                .init(label: "run \($0.element.run) (fold mean)", color: ChartColors.category($0.offset))
            }
            for (i, line) in lines.enumerated() {
                plot.line(line.points, color: ChartColors.category(i), width: 2)
            }
            return plot.render()
        }
        let svgs = [
            chart(MetricName.l2Loss, "L2 term (l2_loss) over steps"),
            chart(MetricName.gramLoss, "Gramian term (gr_loss) over steps"),
        ]
        return svgs.allSatisfy(\.isEmpty)
            ? ["<p class=\"note\">No logged regularization terms (gr_loss is logged only when gram > 0).</p>"]
            : [charts(svgs)]
    }

    /// Figure 10-5: parallel coordinates of the folds' test OMSE, one line per finished run.
    func foldChart() -> String {
        guard let c = analysis.foldConsistency else { return "" }
        let runs = analysis.runs.filter {
            $0.state == "finished" && $0.metric?.isFinite == true && $0.foldValues.count == c.folds
        }
        let all = runs.flatMap(\.foldValues)
        let scale = AxisScale(covering: Self.clipped(all, minimizing: true))
        let chart = ParallelCoordinates(
            title: "Test omse per fold, one line per run (parallel coordinates)",
            axes: (0..<c.folds).map { .init(title: "fold \($0)", scale: scale) },
            lines: runs.map { run in
                (run.foldValues.map { Optional(Self.clip($0, scale)) }, run.metric!, "run \(run.number)")
            },
            metricName: metricName, minimizing: minimizing, width: min(1160, 320 + 160 * Double(c.folds)))
        return chart.render()
    }

    /// The fold offsets: each fold's mean offset from its runs' fold means, ± one standard
    /// deviation over runs, as bars around 0.
    func foldOffsetChart() -> String {
        guard let c = analysis.foldConsistency, c.offsets.count >= 2 else { return "" }
        let k = c.offsets.count
        let ends = c.offsets.flatMap { [$0.mean - $0.std, $0.mean + $0.std] }
        var plot = SVGPlot(
            width: min(660, 260 + 70 * Double(k)), height: 300,
            title: "Fold offsets: test OMSE − the run's fold mean", xTitle: "fold (mean ± std over \(c.runs) runs)",
            yTitle: "offset", x: AxisScale(covering: [-0.5, Double(k) - 0.5], count: k),
            y: AxisScale(covering: ends, includeZero: true))
        plot.xTickLabels = [-1: "", Double(k): ""]
        for o in c.offsets { plot.xTickLabels[Double(o.fold)] = "fold \(o.fold)" }
        let half = 0.3 * (plot.px(1) - plot.px(0))
        for o in c.offsets {
            let x = plot.px(Double(o.fold))
            let y0 = plot.py(0)
            let y1 = plot.py(o.mean)
            let color = o.mean > 0 ? "#d62728" : "#1f77b4"
            plot.raw(
                "<rect x=\"\(SVGPlot.f(x - half))\" y=\"\(SVGPlot.f(min(y0, y1)))\" width=\"\(SVGPlot.f(2 * half))\""
                    + " height=\"\(SVGPlot.f(max(1, abs(y1 - y0))))\" fill=\"\(color)\" fill-opacity=\"0.8\"><title>"
                    + HTML.escape(
                        "fold \(o.fold): \(ReportAnalysis.signed(o.mean)) ± \(SweepReport.number(o.std));"
                            + " best in \(o.best), worst in \(o.worst) of \(o.of) runs")
                    + "</title></rect>")
            let lo = SVGPlot.f(plot.py(o.mean - o.std))
            let hi = SVGPlot.f(plot.py(o.mean + o.std))
            plot.raw("<line x1=\"\(SVGPlot.f(x))\" x2=\"\(SVGPlot.f(x))\" y1=\"\(lo)\" y2=\"\(hi)\" stroke=\"#333\"/>")
        }
        plot.raw(
            "<line x1=\"\(SVGPlot.f(plot.left))\" x2=\"\(SVGPlot.f(plot.left + plot.plotWidth))\""
                + " y1=\"\(SVGPlot.f(plot.py(0)))\" y2=\"\(SVGPlot.f(plot.py(0)))\" stroke=\"#333\"/>")
        return plot.render()
    }

    /// Figure 10-6: parallel coordinates of the swept parameters and the metric.
    func hyperparameterChart() -> String {
        let runs = analysis.runs.filter { $0.state == "finished" && $0.metric?.isFinite == true }
        guard runs.count >= 2 else { return "" }
        var axes: [ParallelCoordinates.Axis] = []
        var columns: [[Double?]] = []
        for name in analysis.parameters {
            let values = runs.map { $0.config[name] }
            if values.allSatisfy({ $0?.number != nil }) {
                let xs = values.map { $0!.number! }
                // A log-sampled parameter (ell_2, gram 1e-4…1) on a linear axis piles up at 0.
                let scale = AxisScale(covering: xs, logarithmic: report.logScaled(name))
                axes.append(.init(title: scale.logarithmic ? "\(name) (log)" : name, scale: scale))
                columns.append(xs)
            } else {
                var codes: [String: Double] = [:]
                for v in values { let k = v?.description ?? "-"; if codes[k] == nil { codes[k] = Double(codes.count) } }
                axes.append(
                    .init(
                        title: name, scale: AxisScale(covering: [0, Double(max(1, codes.count - 1))]),
                        categories: Dictionary(uniqueKeysWithValues: codes.map { ($0.value, $0.key) })))
                columns.append(values.map { codes[$0?.description ?? "-"] })
            }
        }
        let metrics = runs.map { $0.metric! }
        let metricScale = AxisScale(covering: Self.clipped(metrics, minimizing: minimizing))
        axes.append(.init(title: metricName, scale: metricScale))
        columns.append(metrics.map { Self.clip($0, metricScale) })
        let chart = ParallelCoordinates(
            title: "Hyperparameters → \(metricName) (parallel coordinates, one line per finished run)",
            axes: axes,
            lines: runs.indices.map { i in (columns.map { $0[i] }, metrics[i], "run \(runs[i].number)") },
            metricName: metricName, minimizing: minimizing, width: min(1340, 360 + 140 * Double(axes.count)))
        return chart.render()
    }

    /// Importance bars: the fANOVA main effect of each parameter, with its Spearman ρ.
    func importanceChart() -> String {
        let rows = analysis.importance
        guard !rows.isEmpty else { return "" }
        let rowHeight = 26.0
        let width = 720.0
        let left = 130.0
        let barWidth = 360.0
        let height = 60 + rowHeight * Double(rows.count) + 30
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\""
            + " viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\""
            + " role=\"img\" aria-label=\"parameter importance\">"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        s +=
            "<text x=\"\(SVGPlot.f(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">"
            + "Parameter importance (fANOVA main effect, share of variance)</text>"
        let top = 44.0
        for t in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = SVGPlot.f(left + t * barWidth)
            s +=
                "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(SVGPlot.f(top - 4))\" y2=\"\(SVGPlot.f(top + rowHeight * Double(rows.count)))\" stroke=\"#e5e5e5\"/>"
            s +=
                "<text x=\"\(x)\" y=\"\(SVGPlot.f(top + rowHeight * Double(rows.count) + 16))\" text-anchor=\"middle\" font-size=\"11\">\(String(format: "%.2f", t))</text>"
        }
        for (i, p) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            s +=
                "<text x=\"\(SVGPlot.f(left - 8))\" y=\"\(SVGPlot.f(y + 16))\" text-anchor=\"end\" font-size=\"12\">\(HTML.escape(p.parameter))</text>"
            s +=
                "<rect x=\"\(SVGPlot.f(left))\" y=\"\(SVGPlot.f(y + 4))\" width=\"\(SVGPlot.f(max(1, p.importance * barWidth)))\" height=\"\(SVGPlot.f(rowHeight - 8))\" fill=\"#1f77b4\"/>"
            let rho = p.spearman.map { "ρ = " + String(format: "%+.2f", $0) + "; " } ?? ""
            s +=
                "<text x=\"\(SVGPlot.f(left + max(1, p.importance * barWidth) + 6))\" y=\"\(SVGPlot.f(y + 16))\" font-size=\"11\">"
                + HTML.escape(String(format: "%.2f", p.importance) + "  " + rho + p.direction) + "</text>"
        }
        return s + "</svg>"
    }

    // MARK: Helpers

    /// The values a chart's metric axis covers: all of them, unless a few very bad runs would
    /// flatten the rest, in which case the axis stops at the worst of the better 95% (and
    /// points beyond are drawn on its edge).
    static func clipped(_ values: [Double], minimizing: Bool) -> [Double] {
        let v = values.filter(\.isFinite).sorted()
        guard v.count >= 10 else { return v }
        let cut = minimizing ? v[Int(Double(v.count - 1) * 0.95)] : v[Int(Double(v.count - 1) * 0.05)]
        let spreadAll = v.last! - v.first!
        let spreadCut = minimizing ? cut - v.first! : v.last! - cut
        guard spreadAll > 3 * spreadCut else { return v }
        return minimizing ? v.filter { $0 <= cut } : v.filter { $0 >= cut }
    }

    /// `v` moved onto the scale's range.
    static func clip(_ v: Double, _ scale: AxisScale) -> Double { min(scale.high, max(scale.low, v)) }
}
