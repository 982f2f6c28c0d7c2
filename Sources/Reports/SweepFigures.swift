import Core
import Foundation

/// The HTML report's charts as SVG fragments, for other pages (the live dashboard): one chart
/// library for both, so a chart reads the same in `report --format html` and in `serve`.
public struct SweepFigures: Sendable {
    let html: HTMLReport

    /// The figures of `report` (the runs' histories give the curves), with its analysis.
    public init(report: SweepReport, analysis: ReportAnalysis) {
        html = HTMLReport(report: report, analysis: analysis)
    }

    /// The figures of `report`, analysed here.
    public init(report: SweepReport) {
        self.init(report: report, analysis: ReportAnalysis(report))
    }

    /// Best metric so far by run number (Figure 10-7); empty with fewer than 2 finished runs.
    public var bestSoFar: String { html.bestSoFarChart() }
    /// The (training seconds, metric) Pareto front; empty without finished runs.
    public var paretoSeconds: String { html.paretoChart(html.analysis.pareto.seconds) }
    /// The (model size, metric) Pareto front; empty without finished runs.
    public var paretoModelSize: String { html.paretoChart(html.analysis.pareto.modelSize) }
    /// Parallel coordinates of the folds' test OMSE (Figure 10-5).
    public var folds: String { html.foldChart() }
    /// Each fold's offset from its run's mean.
    public var foldOffsets: String { html.foldOffsetChart() }
    /// Parallel coordinates of the swept hyperparameters against the metric (Figure 10-6).
    public var parameters: String { html.hyperparameterChart() }
    /// Parameter importance bars.
    public var importance: String { html.importanceChart() }
    /// Per-fold train and test OMSE curves of each history (Figure 10-3), as HTML (charts, or a
    /// note when nothing was logged).
    public var curves: String { html.curveCharts().joined(separator: "\n") }
    /// The L2 and Gramian terms over steps (Figure 10-4), as HTML.
    public var regularization: String { html.regularizationCharts().joined(separator: "\n") }

    /// One line per run of `metric` over steps, overlaid (the dashboard's compare page); empty
    /// when no run logged two points.
    public static func overlay(
        title: String, metric: String, lines: [(label: String, steps: [Int], values: [Double])]
    ) -> String {
        let drawn = lines.filter { $0.values.filter(\.isFinite).count >= 2 }
        guard !drawn.isEmpty else { return "" }
        let positive = drawn.allSatisfy { $0.values.allSatisfy { !$0.isFinite || $0 > 0 } }
        var plot = SVGPlot(
            width: 660, title: title, xTitle: "step", yTitle: metric,
            x: AxisScale(covering: drawn.flatMap(\.steps).map(Double.init)),
            y: AxisScale(covering: drawn.flatMap(\.values).filter(\.isFinite), logarithmic: positive))
        plot.legend = drawn.prefix(10).enumerated().map { .init(label: $1.label, color: ChartColors.category($0)) }
        for (k, line) in drawn.enumerated() {
            plot.line(
                zip(line.steps, line.values).map { (Double($0), $1) }, color: ChartColors.category(k), width: 1.8)
        }
        return plot.render()
    }
}
