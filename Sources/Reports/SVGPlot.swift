import Foundation

/// One chart as inline SVG: a framed plot area with axes, tick labels, a title, axis titles
/// and an optional legend on the right; marks are added in data coordinates.
struct SVGPlot: Sendable {
    /// A legend entry: a coloured line (dashed or not) or dot, and its label.
    struct LegendEntry: Sendable {
        var label: String
        var color: String
        var dashed = false
        var dot = false
    }

    let width: Double
    let height: Double
    let title: String
    let xTitle: String
    let yTitle: String
    let x: AxisScale
    let y: AxisScale
    /// The legend; set it before adding marks (it narrows the plot area).
    var legend: [LegendEntry] = [] {
        willSet { precondition(marks.isEmpty, "set the legend before adding marks") }
    }
    /// Labels for x ticks instead of numbers (e.g. fold names), by tick value.
    var xTickLabels: [Double: String] = [:]
    private var marks: [String] = []

    let left = 70.0
    let top = 34.0
    let bottom = 48.0
    var right: Double { legend.isEmpty ? 20 : 150 }
    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    init(
        width: Double = 640, height: Double = 340, title: String, xTitle: String, yTitle: String,
        x: AxisScale, y: AxisScale
    ) {
        self.width = width
        self.height = height
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.x = x
        self.y = y
    }

    func px(_ v: Double) -> Double { left + x.fraction(v) * plotWidth }
    func py(_ v: Double) -> Double { top + (1 - y.fraction(v)) * plotHeight }

    /// A polyline through the finite points.
    mutating func line(
        _ points: [(Double, Double)], color: String, dashed: Bool = false, width: Double = 1.6,
        opacity: Double = 1, step: Bool = false
    ) {
        var coords: [String] = []
        var previous: (Double, Double)?
        for (a, b) in points where a.isFinite && b.isFinite && (!y.logarithmic || b > 0) {
            if step, let p = previous { coords.append(Self.f(px(a)) + "," + Self.f(py(p.1))) }
            coords.append(Self.f(px(a)) + "," + Self.f(py(b)))
            previous = (a, b)
        }
        guard coords.count >= 2 else { return }
        marks.append(
            "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(width)\""
                + (dashed ? " stroke-dasharray=\"6 4\"" : "") + (opacity < 1 ? " stroke-opacity=\"\(opacity)\"" : "")
                + " points=\"\(coords.joined(separator: " "))\"/>")
    }

    /// A dot, with a hover title.
    mutating func dot(
        _ a: Double, _ b: Double, color: String, radius: Double = 3.5, title: String? = nil,
        opacity: Double = 1
    ) {
        guard a.isFinite, b.isFinite else { return }
        let t = title.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        marks.append(
            "<circle cx=\"\(Self.f(px(a)))\" cy=\"\(Self.f(py(b)))\" r=\"\(radius)\" fill=\"\(color)\""
                + (opacity < 1 ? " fill-opacity=\"\(opacity)\"" : "") + ">\(t)</circle>")
    }

    /// A small text label next to a data point.
    mutating func label(_ a: Double, _ b: Double, _ text: String, color: String = "#333") {
        guard a.isFinite, b.isFinite else { return }
        marks.append(
            "<text x=\"\(Self.f(px(a) + 5))\" y=\"\(Self.f(py(b) - 5))\" font-size=\"11\" fill=\"\(color)\">"
                + HTML.escape(text) + "</text>")
    }

    /// Raw SVG in pixel coordinates (drawn after the data marks).
    mutating func raw(_ svg: String) { marks.append(svg) }

    /// The chart's `<svg>` element.
    func render() -> String {
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\""
            + " viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\""
            + " role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        s +=
            "<text x=\"\(Self.f(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">"
            + HTML.escape(title) + "</text>"
        // Grid and ticks.
        for t in y.ticks {
            let yy = Self.f(py(t))
            s +=
                "<line x1=\"\(Self.f(left))\" x2=\"\(Self.f(left + plotWidth))\" y1=\"\(yy)\" y2=\"\(yy)\" stroke=\"#e5e5e5\"/>"
            s +=
                "<text x=\"\(Self.f(left - 6))\" y=\"\(yy)\" dy=\"4\" text-anchor=\"end\" font-size=\"11\">\(HTML.escape(y.label(t)))</text>"
        }
        for t in x.ticks {
            let xx = Self.f(px(t))
            s +=
                "<line x1=\"\(xx)\" x2=\"\(xx)\" y1=\"\(Self.f(top))\" y2=\"\(Self.f(top + plotHeight))\" stroke=\"#f0f0f0\"/>"
            s +=
                "<text x=\"\(xx)\" y=\"\(Self.f(top + plotHeight + 16))\" text-anchor=\"middle\" font-size=\"11\">"
                + HTML.escape(xTickLabels[t] ?? x.label(t)) + "</text>"
        }
        s +=
            "<rect x=\"\(Self.f(left))\" y=\"\(Self.f(top))\" width=\"\(Self.f(plotWidth))\" height=\"\(Self.f(plotHeight))\" fill=\"none\" stroke=\"#888\"/>"
        s += marks.joined()
        // Axis titles.
        s +=
            "<text x=\"\(Self.f(left + plotWidth / 2))\" y=\"\(Self.f(height - 10))\" text-anchor=\"middle\" font-size=\"12\">"
            + HTML.escape(xTitle) + "</text>"
        s +=
            "<text transform=\"translate(16 \(Self.f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">"
            + HTML.escape(yTitle + (y.logarithmic ? " (log scale)" : "")) + "</text>"
        // Legend.
        var ly = top + 8
        for entry in legend {
            let lx = left + plotWidth + 12
            if entry.dot {
                s += "<circle cx=\"\(Self.f(lx + 10))\" cy=\"\(Self.f(ly))\" r=\"4\" fill=\"\(entry.color)\"/>"
            } else {
                s +=
                    "<line x1=\"\(Self.f(lx))\" x2=\"\(Self.f(lx + 22))\" y1=\"\(Self.f(ly))\" y2=\"\(Self.f(ly))\" stroke=\"\(entry.color)\" stroke-width=\"2\""
                    + (entry.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>"
            }
            s +=
                "<text x=\"\(Self.f(lx + 28))\" y=\"\(Self.f(ly))\" dy=\"4\" font-size=\"11\">\(HTML.escape(entry.label))</text>"
            ly += 18
        }
        return s + "</svg>"
    }

    /// `v` as `%.1f` prints it (``NumberFormat/fixed(_:decimals:)``).
    static func f(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 1) }
}

/// HTML text helpers.
public enum HTML {
    /// `text` with `& < > " '` escaped: safe as element text and inside quoted attributes.
    public static func escape(_ text: String) -> String {
        // Most chart text (run labels, numbers) has nothing to escape.
        let special = text.utf8.contains {
            $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'")
        }
        guard special else { return text }
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
