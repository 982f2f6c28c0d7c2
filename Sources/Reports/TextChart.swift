/// Character charts for the terminal report.
enum TextChart {
    /// The best-so-far curve: one column per finished run (bucketed when there are more than
    /// `width`), `height` rows from the worst to the best value; `*` marks a column with an
    /// improving run, `-` the others.
    static func bestSoFar(_ curve: [ReportAnalysis.BestSoFar], width: Int = 72, height: Int = 8) -> [String] {
        guard curve.count >= 2 else { return [] }
        let width = min(curve.count, width)
        let values = curve.map(\.value)
        let lo = values.min()!
        let hi = values.max()!
        var grid = Array(repeating: Array(repeating: Character(" "), count: width), count: height)
        for col in 0..<width {
            let from = col * curve.count / width
            let to = max(from + 1, (col + 1) * curve.count / width)
            let bucket = curve[from..<to]
            let v = bucket.last!.value
            // Row 0 (the top) holds the largest value, as the labels say.
            let row = hi == lo ? height - 1 : Int(((hi - v) / (hi - lo) * Double(height - 1)).rounded())
            grid[row][col] = bucket.contains { $0.improved } ? "*" : "-"
        }
        return frame(grid, yHigh: hi, yLow: lo, xLeft: "run \(curve.first!.run)", xRight: "run \(curve.last!.run)")
    }

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
            out.append(TextTable.trimTrailing(
                String(repeating: " ", count: pad - label.count) + label + " |" + String(cells)))
        }
        out.append(String(repeating: " ", count: pad) + " +" + String(repeating: "-", count: width))
        let gap = max(1, width - xLeft.count - xRight.count)
        out.append(String(repeating: " ", count: pad + 2) + xLeft + String(repeating: " ", count: gap) + xRight)
        return out
    }
}
