import Core
import Factorization
import Foundation
import Testing

@testable import Reports

/// Log axes for log-sampled parameters, and a best-so-far chart over every run number.
struct ReportReadabilityTests {
    /// 30 runs of which runs 4, 9, 13, 20, 22, 27 and 30 finished; `gram` spans 1e-4…1.
    static func sparseReport(logScaleParameters: Set<String>? = nil) -> SweepReport {
        let runs = (1...30).map { i -> RunSummary in
            let finished = [4, 9, 13, 20, 22, 27, 30].contains(i)
            let config: [String: ParameterValue] = [
                "gram": .double(pow(10, -4 + 4 * Double(i - 1) / 29)), "alpha": .double(1 + Double(i % 7)),
            ]
            let metric = 1.0 - 0.001 * Double(i) + 0.01 * Double(i % 3)
            return RunSummary(
                number: i, state: finished ? "finished" : "pruned", config: config,
                metric: finished ? metric : nil, foldValues: finished ? [metric - 0.01, metric + 0.01] : [],
                steps: finished ? 100 : 20, seconds: 1, plannedSteps: 100)
        }
        return SweepReport(
            sweep: "sparse", method: "random", metric: "Test omse_mean", goal: "minimize",
            fingerprint: "f", wallSeconds: nil, runs: runs, logScaleParameters: logScaleParameters)
    }

    @Test func logSampledParametersGetLogAxes() {
        // From the spec.
        let spec = Self.sparseReport(logScaleParameters: ["gram"])
        #expect(spec.logScaled("gram") && !spec.logScaled("alpha"))
        #expect(spec.render(.html).contains("gram (log)"))
        // The spec wins over the data: a parameter it samples linearly stays linear.
        let linear = Self.sparseReport(logScaleParameters: [])
        #expect(!linear.logScaled("gram") && !linear.render(.html).contains("(log)"))
        // Without a spec, positive values over a factor ≥ 100 get a log axis.
        let data = Self.sparseReport()
        #expect(data.logScaled("gram") && !data.logScaled("alpha"))
        #expect(data.render(.html).contains("gram (log)"))
        // The fixture's parameters span less than a factor of 100: linear.
        #expect(!ReportFixture.report().render(.html).contains("(log)"))
    }

    @Test func bestSoFarChartSpansEveryRunNumber() throws {
        let text = Self.sparseReport().render(.text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let heading = try #require(lines.firstIndex { $0.hasPrefix("best Test omse_mean so far by run") })
        let chart = Array(lines[(heading + 1)...(heading + 10)])
        let axis = try #require(chart.first { $0.contains("+---") })
        // 30 runs → 30 columns, though only 7 finished.
        #expect(axis.split(separator: "+").last?.count == 30)
        let labels = chart[chart.firstIndex(of: axis)! + 1]
        #expect(labels.trimmingCharacters(in: .whitespaces).hasPrefix("run 1 "))
        #expect(labels.hasSuffix("run 30") && labels.count == axis.count)
        // Run 4 is the first point: column 3 of 30; run 30 is the last column.
        let start = axis.firstIndex(of: "+")!.utf16Offset(in: axis) + 1
        let marks = chart.prefix(8).flatMap { line in
            line.enumerated().compactMap { i, ch in "*-".contains(ch) && i >= start ? i - start : nil }
        }
        #expect(Set(marks) == Set([3, 8, 12, 19, 21, 26, 29]))
        for line in lines { #expect(line.count <= 100) }
    }

    /// A bad first run (10.74) no longer squashes the later improvements onto one row: past a
    /// 3× ratio the rows are log-spaced. Run 3 (2.5) lands on row round(7·(ln 10.74 − ln 2.5) /
    /// (ln 10.74 − ln 1.03)) = 4, where a linear scale puts it on row round(7·8.24/9.71) = 6.
    @Test func aWideBestSoFarRangeIsLogSpaced() throws {
        let values = [10.74, 10.74, 2.5, 2.4, 1.2, 1.03]
        let curve = values.enumerated().map { i, v in
            ReportAnalysis.BestSoFar(run: i + 1, value: v, improved: i == 0 || v < values[i - 1])
        }
        let chart = TextChart.bestSoFar(curve)
        #expect(chart.last == "  (rows on a log scale)")
        let rows = chart.prefix(8)
        func row(ofColumn column: Int) -> Int? {
            rows.firstIndex { line in
                guard let bar = line.firstIndex(of: "|") else { return false }
                let cells = line[line.index(after: bar)...]
                return cells.count > column && "*-".contains(cells[cells.index(cells.startIndex, offsetBy: column)])
            }
        }
        // 6 runs over 30 columns: run k at column round((k − 1)·29/5).
        #expect(row(ofColumn: 0) == 0)
        #expect(row(ofColumn: 12) == 4)
        #expect(row(ofColumn: 29) == 7)

        // Within a 3× ratio the scale stays linear and says nothing.
        let narrow = [1.5, 1.2, 1.0].enumerated().map { i, v in
            ReportAnalysis.BestSoFar(run: i + 1, value: v, improved: true)
        }
        #expect(!TextChart.bestSoFar(narrow).contains { $0.contains("log scale") })
    }

    @Test func foldOffsetsAppearInEveryFormat() throws {
        let report = ReportFixture.report()
        let text = report.render(.text, top: 5)
        #expect(text.contains("fold offsets (fold − the run's fold mean): fold 3 is highest"))
        #expect(text.contains("warning: fold 3 is an outlier (higher than the others) in"))
        #expect(report.render(.markdown, top: 5).contains("| mean offset |"))
        #expect(
            report.render(.html, top: 5).contains("Fold offsets: test OMSE − the run&#39;s fold mean")
                || report.render(.html, top: 5).contains("Fold offsets: test OMSE − the run's fold mean"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(report.render(.json, top: 5).utf8)) as? [String: Any])
        let folds = try #require(json["fold_consistency"] as? [String: Any])
        let offsets = try #require(folds["offsets"] as? [[String: Any]])
        #expect(offsets.count == 5 && (offsets[3]["worst"] as? Int ?? 0) > 13)
        #expect((folds["offset_correlation"] as? [Any])?.count == 5)
    }
}
