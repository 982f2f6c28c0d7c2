import Foundation

/// A parallel-coordinates chart as inline SVG: one vertical axis per dimension (each with its
/// own scale and tick labels), one polyline per run coloured by the metric (best darkest,
/// drawn last), and a colour bar for the metric.
struct ParallelCoordinates: Sendable {
    /// An axis: its title, and each line's value on it (nil where the run has none).
    struct Axis: Sendable {
        var title: String
        var scale: AxisScale
        /// Category names by coded value, for non-numeric parameters.
        var categories: [Double: String] = [:]
    }

    var title: String
    var axes: [Axis]
    /// Per line: its values (one per axis), the metric that colours it, and a hover label.
    var lines: [(values: [Double?], metric: Double, label: String)]
    var metricName: String
    var minimizing: Bool
    var width = 1100.0
    var height = 380.0

    func render() -> String {
        let left = 60.0
        let right = 190.0
        let top = 56.0
        let bottom = 36.0
        let plotHeight = height - top - bottom
        let gap = axes.count > 1 ? (width - left - right) / Double(axes.count - 1) : 0
        func ax(_ i: Int) -> Double { left + Double(i) * gap }
        func ay(_ axis: Axis, _ v: Double) -> Double { top + (1 - axis.scale.fraction(v)) * plotHeight }
        let metrics = lines.map(\.metric)
        let lo = metrics.min() ?? 0
        let hi = metrics.max() ?? 1
        func t(_ m: Double) -> Double {
            guard hi > lo else { return 0 }
            let u = (m - lo) / (hi - lo)
            return minimizing ? u : 1 - u
        }
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\""
            + " viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\""
            + " role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        s +=
            "<text x=\"\(SVGPlot.f(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">"
            + HTML.escape(title) + "</text>"
        // Worst first, so the best lines are on top.
        let order = lines.indices.sorted { t(lines[$0].metric) > t(lines[$1].metric) }
        s.reserveCapacity(s.utf8.count + lines.count * (110 + 12 * axes.count))
        // Each axis's x, written once.
        let xs = axes.indices.map { SVGPlot.f(ax($0)) }
        for i in order {
            let line = lines[i]
            guard line.values.count(where: { $0?.isFinite == true }) >= 2 else { continue }
            s += "<polyline fill=\"none\" stroke=\""
            s += ChartColors.viridis(t(line.metric))
            s += "\" stroke-width=\"1.3\" stroke-opacity=\"0.75\" points=\""
            var first = true
            for (k, v) in line.values.enumerated() {
                guard let v, v.isFinite else { continue }
                if !first { s += " " }
                first = false
                s += xs[k]
                s += ","
                s += SVGPlot.f(ay(axes[k], v))
            }
            s += "\"><title>"
            s += HTML.escape(line.label)
            s += "</title></polyline>"
        }
        for (k, axis) in axes.enumerated() {
            let x = SVGPlot.f(ax(k))
            s +=
                "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(SVGPlot.f(top))\" y2=\"\(SVGPlot.f(top + plotHeight))\" stroke=\"#333\" stroke-width=\"1.2\"/>"
            s +=
                "<text x=\"\(x)\" y=\"\(SVGPlot.f(top - 14))\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">"
                + HTML.escape(axis.title) + "</text>"
            let ticks = axis.categories.isEmpty ? axis.scale.ticks : axis.categories.keys.sorted()
            for tv in ticks {
                let y = SVGPlot.f(ay(axis, tv))
                let text = axis.categories[tv] ?? axis.scale.label(tv)
                s += "<line x1=\"\(SVGPlot.f(ax(k) - 4))\" x2=\"\(x)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#333\"/>"
                s +=
                    "<text x=\"\(SVGPlot.f(ax(k) - 6))\" y=\"\(y)\" dy=\"4\" text-anchor=\"end\" font-size=\"10\""
                    + " paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">\(HTML.escape(text))</text>"
            }
        }
        // Colour bar.
        let bx = width - right + 90
        let steps = 24
        for i in 0..<steps {
            let f0 = Double(i) / Double(steps)
            let y = top + f0 * plotHeight
            // Top of the bar is the best value.
            s +=
                "<rect x=\"\(SVGPlot.f(bx))\" y=\"\(SVGPlot.f(y))\" width=\"14\" height=\"\(SVGPlot.f(plotHeight / Double(steps) + 0.5))\""
                + " fill=\"\(ChartColors.viridis(f0))\"/>"
        }
        let best = minimizing ? lo : hi
        let worst = minimizing ? hi : lo
        s +=
            "<text x=\"\(SVGPlot.f(bx + 18))\" y=\"\(SVGPlot.f(top + 10))\" font-size=\"10\">\(AxisScale.compact(best)) best</text>"
        s +=
            "<text x=\"\(SVGPlot.f(bx + 18))\" y=\"\(SVGPlot.f(top + plotHeight))\" font-size=\"10\">\(AxisScale.compact(worst))</text>"
        s +=
            "<text x=\"\(SVGPlot.f(bx - 4))\" y=\"\(SVGPlot.f(top - 14))\" font-size=\"11\">\(HTML.escape(metricName))</text>"
        return s + "</svg>"
    }
}
