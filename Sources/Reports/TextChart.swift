import Foundation

/// Character charts for the terminal report.
enum TextChart {
    /// The best-so-far curve over run numbers `span` (first to last run of the sweep, so that
    /// pruned and failed runs take their place too): min(`width`, max(30, runs)) columns, each
    /// finished run at its run number's column (runs sharing a column show the last), `height`
    /// rows from the worst to the best value (log-spaced when they differ by ``logScaleRatio``
    /// or more); `*` marks a column with an improving run, `-` the others.
    static func bestSoFar(
        _ curve: [ReportAnalysis.BestSoFar], span: ClosedRange<Int>? = nil, width: Int = 72, height: Int = 8
    ) -> [String] {
        guard curve.count >= 2 else { return [] }
        let first = min(span?.lowerBound ?? curve.first!.run, curve.first!.run)
        let last = max(span?.upperBound ?? curve.last!.run, curve.last!.run)
        let count = last - first + 1
        let width = min(width, max(30, count))
        let values = curve.map(\.value)
        let lo = values.min()!
        let hi = values.max()!
        // A bad first run would squash every later value onto the bottom row: past a ratio of
        // 3 between the extremes (all positive), rows are spaced on a log scale.
        let logScale = lo > 0 && hi / lo >= logScaleRatio
        let position: (Double) -> Double = logScale ? { log($0) } : { $0 }
        var grid = Array(repeating: Array(repeating: Character(" "), count: width), count: height)
        var columns: [Int: (value: Double, improved: Bool)] = [:]
        for p in curve {
            let col =
                last == first
                ? 0
                : Int((Double(p.run - first) / Double(last - first) * Double(width - 1)).rounded())
            // The curve is in run order: a shared column shows its last run's (best) value.
            columns[col] = (p.value, p.improved || columns[col]?.improved == true)
        }
        for (col, cell) in columns {
            // Row 0 (the top) holds the largest value, as the labels say.
            let row =
                hi == lo
                ? height - 1
                : Int(
                    ((position(hi) - position(cell.value)) / (position(hi) - position(lo)) * Double(height - 1))
                        .rounded())
            grid[row][col] = cell.improved ? "*" : "-"
        }
        let chart = frame(grid, yHigh: hi, yLow: lo, xLeft: "run \(first)", xRight: "run \(last)")
        return logScale ? chart + ["  (rows on a log scale)"] : chart
    }

    /// The ratio of the largest to the smallest best-so-far value from which its rows are
    /// spaced on a log scale.
    static let logScaleRatio = 3.0

    /// A scatter of (cost, metric): `*` for a point on the front, `.` for the others (a front
    /// point wins a shared cell). The metric's axis runs from worst (top) to best (bottom).
    static func scatter(
        _ points: [ParetoPoint], front: [ParetoPoint], minimizing: Bool, costLabel: (Double) -> String,
        width: Int = 72, height: Int = 10
    ) -> [String] {
        guard points.count >= 2 else { return [] }
        let xs = points.map(\.cost)
        let ys = points.map(\.metric)
        let (x0, x1) = (xs.min()!, xs.max()!)
        let (y0, y1) = (ys.min()!, ys.max()!)
        let onFront = Set(front.map(\.run))
        var grid = Array(repeating: Array(repeating: Character(" "), count: width), count: height)
        for p in points {
            let col = x1 == x0 ? 0 : Int(((p.cost - x0) / (x1 - x0) * Double(width - 1)).rounded())
            // Top row is the worst value.
            let t = y1 == y0 ? 0 : (p.metric - y0) / (y1 - y0)
            let fromTop = minimizing ? 1 - t : t
            let row = Int((fromTop * Double(height - 1)).rounded())
            if onFront.contains(p.run) { grid[row][col] = "*" } else if grid[row][col] != "*" { grid[row][col] = "." }
        }
        let top = minimizing ? y1 : y0
        let bottom = minimizing ? y0 : y1
        return frame(grid, yHigh: top, yLow: bottom, xLeft: costLabel(x0), xRight: costLabel(x1))
    }

    /// Y labels on the first and last rows, an axis line, and x labels at both ends.
    private static func frame(
        _ grid: [[Character]], yHigh: Double, yLow: Double, xLeft: String, xRight: String
    ) -> [String] {
        let width = grid.first?.count ?? 0
        let labelHi = SweepReport.number(yHigh)
        let labelLo = SweepReport.number(yLow)
        let pad = max(labelHi.count, labelLo.count)
        var out: [String] = []
        for (r, cells) in grid.enumerated() {
            let label = r == 0 ? labelHi : r == grid.count - 1 ? labelLo : ""
            out.append(
                TextTable.trimTrailing(
                    String(repeating: " ", count: pad - label.count) + label + " |" + String(cells)))
        }
        out.append(String(repeating: " ", count: pad) + " +" + String(repeating: "-", count: width))
        let gap = max(1, width - xLeft.count - xRight.count)
        out.append(String(repeating: " ", count: pad + 2) + xLeft + String(repeating: " ", count: gap) + xRight)
        return out
    }
}
