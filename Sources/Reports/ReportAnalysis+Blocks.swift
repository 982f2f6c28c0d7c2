import Factorization
import Foundation

extension ReportAnalysis {
    /// The terminal report: every line at most `width` (100) characters.
    public func text(width: Int = 100) -> String {
        ReportBlock.text(blocks(), width: width)
    }

    /// The report as markdown.
    public func markdown() -> String {
        ReportBlock.markdown(blocks(), title: "Sweep \(sweep)")
    }

    func blocks() -> [ReportBlock] {
        var out: [ReportBlock] = [.facts(headerFacts())]
        out += topBlocks()
        out += bestSoFarBlocks()
        out += paretoBlocks()
        out += foldBlocks()
        out += importanceBlocks()
        out += problemBlocks()
        return out
    }

    func headerFacts() -> [(String, String)] {
        let states = SweepReport.states.compactMap { s in counts[s].flatMap { $0 > 0 ? "\($0) \(s)" : nil } }
        let total = counts.values.reduce(0, +)
        var data = fingerprint
        if let n = usersPlusItems { data += " (users + items = \(n))" }
        var facts: [(String, String)] = [
            ("sweep", "\(sweep) (\(method))"),
            ("metric", "\(metric.name) (\(metric.goal))"),
            ("data", data),
            ("runs", total == 0 ? "none" : "\(total): " + states.joined(separator: ", ")),
            ("agents", "\(agents)"),
        ]
        if let w = wallSeconds { facts.append(("wall", SweepReport.duration(w))) }
        facts.append(
            ("steps", "\(Self.grouped(totalSteps)) trained, \(Self.grouped(stepsSaved)) saved by early termination"))
        return facts
    }

    func topBlocks() -> [ReportBlock] {
        guard !top.isEmpty else { return [.heading("top runs"), .lines(["no finished runs yet"])] }
        let finished = counts["finished"] ?? 0
        let folds = top.map(\.folds.count).max() ?? 0
        var header = ["rank", "run", metric.name]
        if folds > 1 {
            header += (0..<folds).map { "fold \($0)" }
            header.append("mean ± std")
        }
        // A swept `steps` is the steps column (a finished run trains the steps it asked for).
        let shown = parameters.filter { $0 != "steps" }
        header += shown + ["seconds", "steps"]
        let rows = top.map { row -> [String] in
            var cells = ["\(row.rank)", "\(row.run)", SweepReport.number(row.metric)]
            if folds > 1 {
                cells += (0..<folds).map { $0 < row.folds.count ? SweepReport.number(row.folds[$0], digits: 3) : "-" }
                cells.append(
                    row.foldMean.map { m in
                        SweepReport.number(m) + " ± " + SweepReport.number(row.foldStd ?? 0)
                    } ?? "-")
            }
            cells += shown.map { row.config[$0].map(SweepReport.value) ?? "-" }
            cells.append(row.seconds.map { String(format: "%.1f", $0) } ?? "-")
            cells.append(row.steps.map { "\($0)" } ?? "-")
            return cells
        }
        return [
            .heading("top \(top.count) of \(finished) finished runs by \(metric.name)"),
            .table(TextTable(header: header, rows: rows, keyColumns: 2)),
        ]
    }

    func bestSoFarBlocks() -> [ReportBlock] {
        guard bestSoFar.count >= 2 else { return [] }
        let improving = bestSoFar.filter(\.improved).map { "\($0.run)" }
        let numbers = runs.map(\.number)
        let span = numbers.min().flatMap { a in numbers.max().map { a...$0 } }
        return [
            .heading("best \(metric.name) so far by run (Figure 10-7; * = the run improved it)"),
            .chart(TextChart.bestSoFar(bestSoFar, span: span)),
            .lines(["improving runs: " + improving.joined(separator: ", ")]),
        ]
    }

    func paretoBlocks() -> [ReportBlock] {
        var out: [ReportBlock] = []
        if let f = pareto.seconds {
            out.append(
                .heading(
                    "Pareto front: \(metric.name) vs training seconds (\(f.front.count) of \(f.points.count) runs"
                        + " non-dominated; * on the front)"))
            out.append(
                .table(
                    TextTable(
                        header: ["run", "seconds", metric.name],
                        rows: f.front.map {
                            ["\($0.run)", String(format: "%.1f", $0.cost), SweepReport.number($0.metric)]
                        })))
            out.append(
                .chart(
                    TextChart.scatter(
                        f.points, front: f.front, minimizing: minimizing, costLabel: { String(format: "%.1f s", $0) })))
        }
        if let f = pareto.modelSize {
            let bySize = f.cost == "model_size"
            let title =
                bySize
                ? "model size, emb_dim × (users + items) = emb_dim × \(usersPlusItems ?? 0)"
                : "emb_dim (model size ∝ emb_dim; users + items unknown)"
            out.append(
                .heading(
                    "Pareto front: \(metric.name) vs \(title) (\(f.front.count) of \(f.points.count) runs non-dominated)"
                ))
            let byRun = Dictionary(uniqueKeysWithValues: runs.map { ($0.number, $0) })
            out.append(
                .table(
                    TextTable(
                        header: ["run", "emb_dim"] + (bySize ? ["parameters"] : []) + [metric.name],
                        rows: f.front.map { p in
                            let dim = byRun[p.run]?.config["emb_dim"].map(SweepReport.value) ?? "-"
                            return ["\(p.run)", dim] + (bySize ? [Self.grouped(Int(p.cost))] : []) + [
                                SweepReport.number(p.metric)
                            ]
                        })))
            out.append(
                .chart(
                    TextChart.scatter(
                        f.points, front: f.front, minimizing: minimizing,
                        costLabel: { bySize ? Self.grouped(Int($0)) : "emb_dim \(Int($0))" })))
        }
        return out
    }

    func foldBlocks() -> [ReportBlock] {
        guard let c = foldConsistency else { return [] }
        var out: [ReportBlock] = [
            .heading(
                "fold consistency (Figure 10-5): per-fold test OMSE of \(c.runs) finished runs × \(c.folds) folds")
        ]
        var sentences: [String] = []
        if let r = c.meanCorrelation {
            var lowest: (Int, Int, Double)?
            for i in 0..<c.folds {
                for j in (i + 1)..<c.folds {
                    if let v = c.correlation[i][j], v < lowest?.2 ?? .infinity { lowest = (i, j, v) }
                }
            }
            var s = "folds agree across runs: mean correlation \(SweepReport.number(r, digits: 3))"
            if let (i, j, v) = lowest, c.folds > 2 {
                s += " (lowest \(SweepReport.number(v, digits: 3)), folds \(i) and \(j))"
            }
            // Raw values correlate highly whenever the runs differ more than the folds do.
            if r >= 0.9 { s += "; that mostly reflects how much the runs differ (see the fold offsets)" }
            sentences.append(s)
        }
        let offsets = c.offsets
        if let hi = offsets.max(by: { $0.mean < $1.mean }), let lo = offsets.min(by: { $0.mean < $1.mean }) {
            sentences.append(
                "fold offsets (fold − the run's fold mean): fold \(hi.fold) is highest (mean \(Self.signed(hi.mean)),"
                    + " worst in \(hi.worst) of \(hi.of) runs), fold \(lo.fold) lowest (mean \(Self.signed(lo.mean)),"
                    + " best in \(lo.best) of \(lo.of) runs)")
        }
        if let o = c.outlier {
            let mean = offsets.first { $0.fold == o.fold }.map { ", mean offset \(Self.signed($0.mean))" } ?? ""
            sentences.append(
                "warning: fold \(o.fold) is an outlier (\(o.high ? "higher" : "lower") than the others) in \(o.runs)"
                    + " of \(o.of) runs\(mean): the split looks skewed")
        } else if c.folds >= 3 {
            sentences.append("no fold is an outlier (3 std from the other folds) for most runs")
        }
        out.append(.lines(sentences))
        if c.folds <= 10 {
            let header = ["fold"] + (0..<c.folds).map { "\($0)" }
            let rows = (0..<c.folds).map { i in
                ["\(i)"]
                    + (0..<c.folds).map { j in c.correlation[i][j].map { SweepReport.number($0, digits: 3) } ?? "-" }
            }
            out.append(.lines(["correlation of raw fold values across runs:"]))
            out.append(.table(TextTable(header: header, rows: rows, keyColumns: 1)))
        }
        if !offsets.isEmpty {
            out.append(.lines(["fold offsets (fold − the run's fold mean) over \(c.runs) runs:"]))
            out.append(
                .table(
                    TextTable(
                        header: ["fold", "mean offset", "std", "best in", "worst in"],
                        rows: offsets.map { o in
                            [
                                "\(o.fold)", Self.signed(o.mean), SweepReport.number(o.std), "\(o.best) of \(o.of)",
                                "\(o.worst) of \(o.of)",
                            ]
                        }, keyColumns: 1)))
            if c.folds <= 10, c.offsetCorrelation.count == c.folds {
                out.append(
                    .lines([
                        "correlation of fold offsets across runs (independent folds: about"
                            + " \(SweepReport.number(-1 / Double(max(1, c.folds - 1)), digits: 3))):"
                    ]))
                let header = ["fold"] + (0..<c.folds).map { "\($0)" }
                let rows = (0..<c.folds).map { i in
                    ["\(i)"]
                        + (0..<c.folds).map { j in
                            c.offsetCorrelation[i][j].map { SweepReport.number($0, digits: 3) } ?? "-"
                        }
                }
                out.append(.table(TextTable(header: header, rows: rows, keyColumns: 1)))
            }
        }
        out.append(.lines(["widest fold spreads (max − min):"]))
        out.append(
            .table(
                TextTable(
                    header: ["run", "spread", "worst fold", "best fold"],
                    rows: c.widest.map {
                        ["\($0.run)", SweepReport.number($0.spread), "\($0.maxFold)", "\($0.minFold)"]
                    })))
        return out
    }

    func importanceBlocks() -> [ReportBlock] {
        guard !importance.isEmpty else { return [] }
        let n = runs.filter { $0.state == "finished" && $0.metric?.isFinite == true }.count
        let rows = importance.map { p -> [String] in
            let bar = String(repeating: "#", count: Int((p.importance * 20).rounded()))
            return [
                p.parameter, SweepReport.number(p.importance, digits: 2), bar,
                p.spearman.map { String(format: "%+.2f", $0) } ?? "-", p.direction,
            ]
        }
        return [
            .heading(
                "parameter importance (Figure 10-6): fANOVA main effects of a random forest on \(n) runs,"
                    + " and Spearman's rank correlation with \(metric.name)"),
            .table(
                TextTable(
                    header: ["parameter", "importance", "", "spearman", "direction"], rows: rows,
                    leftAligned: [0, 2, 4])),
        ]
    }

    func problemBlocks() -> [ReportBlock] {
        guard !problems.isEmpty else { return [] }
        let lines = problems.map { p -> String in
            var s = "run \(p.run) \(p.state)"
            let reason = p.reason ?? ""
            if let step = p.step, !reason.contains("at step \(step)") { s += " at step \(step)" }
            if let rule = p.rule, !reason.contains(rule) { s += " by rule \(rule)" }
            if let r = p.retriedAs { s += " (retried as run \(r))" }
            if let reason = p.reason { s += ": \(reason)" }
            return s
        }
        return [.heading("failed, crashed, pruned and stopped runs"), .lines(lines)]
    }

    /// `x` with an explicit sign and 4 decimals ("+0.0123", "-0.0040").
    static func signed(_ x: Double) -> String {
        guard x.isFinite else { return SweepReport.number(x) }
        let s = String(format: "%+.4f", x)
        return s == "-0.0000" ? "+0.0000" : s
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
