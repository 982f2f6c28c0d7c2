import Factorization
import Foundation

/// The report of a sweep: header, top runs, failures, and the best-so-far curve over run
/// order (the book's time-series Pareto front).
public struct SweepReport: Sendable, Codable {
    /// Sweep name.
    public var sweep: String
    /// Search method.
    public var method: String
    /// Metric name (book spelling).
    public var metric: String
    /// `minimize` or `maximize`.
    public var goal: String
    /// Data fingerprint.
    public var fingerprint: String
    /// Wall time from the first run's start to the last finish (seconds).
    public var wallSeconds: Double?
    /// Every run, in number order.
    public var runs: [RunSummary]

    enum CodingKeys: String, CodingKey {
        case sweep, method, metric, goal, fingerprint, runs
        case wallSeconds = "wall_seconds"
    }

    /// A report over `runs`.
    public init(
        sweep: String, method: String, metric: String, goal: String, fingerprint: String,
        wallSeconds: Double?, runs: [RunSummary]
    ) {
        self.sweep = sweep
        self.method = method
        self.metric = metric
        self.goal = goal
        self.fingerprint = fingerprint
        self.wallSeconds = wallSeconds
        self.runs = runs.sorted { $0.number < $1.number }
    }

    private var minimizing: Bool { goal != "maximize" }

    /// Runs per state.
    public var counts: [String: Int] {
        Dictionary(grouping: runs, by: \.state).mapValues(\.count)
    }

    /// Finished runs with a metric, best first (ties by run number).
    public var ranked: [RunSummary] {
        runs.filter { $0.state == "finished" && $0.metric?.isFinite == true }.sorted {
            $0.metric! == $1.metric! ? $0.number < $1.number
                : (minimizing ? $0.metric! < $1.metric! : $0.metric! > $1.metric!)
        }
    }

    /// The best run, if any finished.
    public var best: RunSummary? { ranked.first }

    /// For each finished run in number order, the best metric so far and whether that run
    /// improved it.
    public var bestSoFar: [(number: Int, value: Double, improved: Bool)] {
        var out: [(number: Int, value: Double, improved: Bool)] = []
        var best: Double?
        for run in runs where run.state == "finished" {
            guard let m = run.metric, m.isFinite else { continue }
            let better = best.map { minimizing ? m < $0 : m > $0 } ?? true
            if better { best = m }
            out.append((run.number, best!, better))
        }
        return out
    }

    /// The parameters that vary across runs, in name order.
    public var sweptParameters: [String] {
        let names = Set(runs.flatMap(\.config.keys))
        return names.sorted().filter { name in
            Set(runs.compactMap { $0.config[name]?.description }).count > 1
        }
    }

    /// The text report, at most `top` rows in the ranking.
    public func renderText(top: Int = 10) -> String {
        var lines: [String] = []
        let order = ["running", "finished", "failed", "crashed", "pruned", "stopped"]
        let countText = order.compactMap { s in counts[s].map { "\($0) \(s)" } }.joined(separator: ", ")
        lines.append("sweep    \(sweep)  (\(method), \(runs.count) runs: \(countText.isEmpty ? "none" : countText))")
        lines.append("metric   \(metric) (\(goal))")
        lines.append("data     \(fingerprint)")
        if let w = wallSeconds { lines.append("wall     \(Self.duration(w))") }
        lines.append("")
        let params = sweptParameters
        let shown = Array(ranked.prefix(top))
        if shown.isEmpty {
            lines.append("no finished runs yet")
        } else {
            lines.append("top \(shown.count)")
            var header = ["rank", "run", metric, "fold test omse"] + params
            var rows: [[String]] = []
            for (i, run) in shown.enumerated() {
                var row = ["\(i + 1)", "\(run.number)", Self.number(run.metric!)]
                row.append(run.foldValues.map { Self.number($0, digits: 3) }.joined(separator: " "))
                row += params.map { run.config[$0].map(Self.value) ?? "-" }
                rows.append(row)
            }
            if shown.allSatisfy({ $0.foldValues.count <= 1 }) {
                header.remove(at: 3)
                rows = rows.map { var r = $0; r.remove(at: 3); return r }
            }
            lines += Self.table(header, rows)
        }
        let problems = runs.filter { ["failed", "crashed", "stopped", "pruned"].contains($0.state) }
        if !problems.isEmpty {
            lines.append("")
            lines.append("failed, crashed, pruned and stopped runs")
            for run in problems {
                let retried = runs.first { $0.retryOf == run.number }.map { "  (retried as run \($0.number))" } ?? ""
                lines.append("  run \(run.number)  \(run.state)  \(run.error ?? "")\(retried)")
            }
        }
        let curve = bestSoFar
        if curve.count >= 2 {
            lines.append("")
            lines.append("best so far by run (* improved)")
            lines += Self.chart(curve)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Formatting

    static func number(_ x: Double, digits: Int = 4) -> String {
        String(format: "%.\(digits)f", x)
    }

    static func value(_ v: ParameterValue) -> String {
        if case .double(let d) = v { return String(format: "%.4g", d) }
        return v.description
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t < 60 ? "\(t)s" : t < 3600 ? "\(t / 60)m\(String(format: "%02d", t % 60))s"
            : "\(t / 3600)h\(String(format: "%02d", (t % 3600) / 60))m"
    }

    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let widths = header.indices.map { c in
            ([header[c]] + rows.map { $0[c] }).map(\.count).max()!
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line)
    }

    /// A text chart of the best-so-far curve: one column per finished run (bucketed when there
    /// are more than 60), 8 rows from the worst to the best value.
    static func chart(_ curve: [(number: Int, value: Double, improved: Bool)]) -> [String] {
        let width = min(curve.count, 60)
        let height = 8
        let values = curve.map(\.value)
        let lo = values.min()!
        let hi = values.max()!
        var grid = Array(repeating: Array(repeating: Character(" "), count: width), count: height)
        for col in 0..<width {
            let from = col * curve.count / width
            let to = max(from + 1, (col + 1) * curve.count / width)
            let bucket = curve[from..<to]
            let v = bucket.last!.value
            let row = hi == lo ? 0 : Int(((hi - v) / (hi - lo) * Double(height - 1)).rounded())
            grid[height - 1 - row][col] = bucket.contains { $0.improved } ? "*" : "-"
        }
        let labelHi = number(hi)
        let labelLo = number(lo)
        let pad = max(labelHi.count, labelLo.count)
        var out: [String] = []
        for (r, cells) in grid.enumerated() {
            let label = r == 0 ? labelHi : r == height - 1 ? labelLo : ""
            out.append(String(repeating: " ", count: pad - label.count) + label + " |" + String(cells))
        }
        out.append(String(repeating: " ", count: pad) + " +" + String(repeating: "-", count: width))
        let first = "run \(curve.first!.number)"
        let last = "run \(curve.last!.number)"
        let gap = max(1, width - first.count - last.count)
        out.append(String(repeating: " ", count: pad + 2) + first + String(repeating: " ", count: gap) + last)
        return out
    }
}

extension SweepReport {
    /// One line: name, method, counts by state, best metric and run.
    public var statusLine: String {
        let order = ["running", "finished", "failed", "crashed", "pruned", "stopped"]
        let c = order.compactMap { s in counts[s].map { "\($0) \(s)" } }.joined(separator: ", ")
        let b = best.map { "  best \(metric) \(Self.number($0.metric!)) (run \($0.number))" } ?? ""
        return "\(sweep)  \(method)  \(c.isEmpty ? "no runs" : c)\(b)"
    }

    /// One line per run: number, state, metric, per-fold values, steps, seconds, config, error.
    public func renderRuns() -> String {
        let header = ["run", "state", metric, "fold test omse", "steps", "seconds", "config"]
        let rows = runs.map { run -> [String] in
            let metricText: String = run.metric.map { Self.number($0) } ?? "-"
            let folds: String = run.foldValues.map { Self.number($0, digits: 3) }.joined(separator: " ")
            let steps: String = run.steps.map { "\($0)" } ?? "-"
            let seconds: String = run.seconds.map { String(format: "%.1f", $0) } ?? "-"
            var config: String = run.config.keys.sorted().map { "\($0)=\(Self.value(run.config[$0]!))" }
                .joined(separator: " ")
            if let error = run.error { config += "  [\(error)]" }
            return ["\(run.number)", run.state, metricText, folds, steps, seconds, config]
        }
        return Self.table(header, rows).joined(separator: "\n")
    }
}
