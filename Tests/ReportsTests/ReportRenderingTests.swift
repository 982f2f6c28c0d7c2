import Core
import Factorization
import Foundation
import Testing

@testable import Reports

struct ReportRenderingTests {
    static var schema: [String: Any] {
        get throws {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../docs/report-schema.json").standardizedFileURL
            return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        }
    }

    @Test func textMatchesTheSnapshot() throws {
        try expectSnapshot(ReportFixture.report().render(.text, top: 5), named: "fixture-report.txt")
    }

    @Test func markdownMatchesTheSnapshot() throws {
        try expectSnapshot(ReportFixture.report().render(.markdown, top: 5), named: "fixture-report.md")
    }

    @Test func textFitsOneHundredColumns() {
        for top in [1, 5, 30] {
            let text = ReportFixture.report().render(.text, top: top)
            for line in text.split(separator: "\n") {
                #expect(line.count <= 100, "top \(top): \(line.count) columns: \(line)")
            }
        }
    }

    @Test func textShowsEverySection() {
        let text = ReportFixture.report().render(.text, top: 5)
        for heading in [
            "top 5 of 26 finished runs by Test omse_mean", "best Test omse_mean so far by run (Figure 10-7",
            "Pareto front: Test omse_mean vs training seconds", "Pareto front: Test omse_mean vs model size",
            "fold consistency (Figure 10-5)", "parameter importance (Figure 10-6)",
            "failed, crashed, pruned and stopped runs",
        ] {
            #expect(text.contains(heading), "missing \(heading)")
        }
        #expect(text.contains("warning: fold 3 is an outlier (higher than the others)"))
        #expect(text.contains("run 12 pruned: pruned by hyperband at step 400"))
        #expect(text.contains("run 18 crashed (retried as run 19)"))
        #expect(text.contains("1,600 saved by early termination"))
        #expect(text.contains("smaller emb_dim is better"))
    }

    @Test func jsonFollowsTheDocumentedSchema() throws {
        let json = ReportFixture.report().render(.json, top: 5)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let errors = JSONSchemaValidator(root: try Self.schema).errors(object)
        #expect(errors.isEmpty, "\(errors)")
        let doc = try #require(object as? [String: Any])
        #expect((doc["top"] as? [Any])?.count == 5)
        #expect((doc["runs"] as? [Any])?.count == 30)
        #expect(doc["steps_saved"] as? Int == 1600)
    }

    @Test func theValidatorRejectsWhatTheSchemaForbids() throws {
        let json = ReportFixture.report().render(.json, top: 5)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["extra"] = 1
        object["agents"] = "two"
        object.removeValue(forKey: "pareto")
        let errors = JSONSchemaValidator(root: try Self.schema).errors(object)
        #expect(errors.contains("$: unexpected key extra"))
        #expect(errors.contains("$.agents: string is not integer"))
        #expect(errors.contains("$: missing required pareto"))
    }

    @Test func emptySweepStillRendersInEveryFormat() throws {
        let empty = SweepReport(
            sweep: "e", method: "grid", metric: "Test omse", goal: "minimize", fingerprint: "f", wallSeconds: nil,
            runs: [])
        #expect(empty.render(.text).contains("no finished runs yet"))
        let object = try JSONSerialization.jsonObject(with: Data(empty.render(.json).utf8))
        #expect(JSONSchemaValidator(root: try Self.schema).errors(object).isEmpty)
        #expect(empty.render(.html).contains("</html>"))
    }

    @Test func htmlIsSelfContainedWithEveryChart() {
        let report = ReportFixture.report()
        let html = report.render(.html, top: 5)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // For a look in a browser: MFSWEEP_HTML_OUT=/tmp/fixture.html swift test --filter html
        if let path = ProcessInfo.processInfo.environment["MFSWEEP_HTML_OUT"] {
            try? Data(html.utf8).write(to: URL(fileURLWithPath: path))
        }
        #expect(report.histories.count == 3)
        for title in report.histories.map({ "Run \($0.run): train and test OMSE per fold" }) + [
            "L2 term (l2_loss) over steps", "Gramian term (gr_loss) over steps",
            "Test omse per fold, one line per run", "Hyperparameters → Test omse_mean",
            "Best Test omse_mean so far by run", "Pareto front: Test omse_mean vs training seconds",
            "Pareto front: Test omse_mean vs model size", "Parameter importance (fANOVA",
        ] {
            #expect(html.contains(HTML.escape(title)), "missing chart \(title)")
        }
        // No network: nothing is fetched (the only URL is the SVG namespace).
        for needle in ["<script", "<link", "src=", "@import", "url("] { #expect(!html.contains(needle), "\(needle)") }
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"))
    }

    @Test func bookMetricNamesAppearAsTheBookWritesThem() {
        for name in ["Test omse_mean", "Test omse"] {
            let report = ReportFixture.report(metric: name)
            for format in ReportFormat.allCases {
                #expect(report.render(format).contains(name), "\(format) of \(name)")
            }
        }
    }
}

extension ReportRenderingTests {
    /// A command sweep: no folds, no history, a metric to maximize, runs still running.
    static func commandSweep() -> SweepReport {
        let runs = (1...8).map { i -> RunSummary in
            let lr = 0.001 * Double(i)
            let state = i == 8 ? "running" : "finished"
            return RunSummary(
                number: i, state: state, config: ["lr": .double(lr), "layers": .int(i % 3 + 1)],
                metric: state == "running" ? nil : 0.5 + 0.04 * Double(i), steps: 10, seconds: Double(10 - i))
        }
        return SweepReport(
            sweep: "cmd", method: "random", metric: "accuracy", goal: "maximize", fingerprint: "none",
            wallSeconds: 80, runs: runs)
    }

    @Test func aCommandSweepWithoutFoldsRendersInEveryFormat() throws {
        let report = Self.commandSweep()
        let text = report.render(.text)
        #expect(text.contains("runs    8: 1 running, 7 finished"))
        #expect(!text.contains("fold consistency"))
        #expect(text.contains("larger lr is better"))
        // Maximizing: run 7 is best and, being also the fastest, the only non-dominated run.
        #expect(text.contains("Pareto front: accuracy vs training seconds (1 of 7 runs non-dominated"))
        #expect(text.contains("Pareto front: accuracy vs") && !text.contains("model size"))
        let object = try JSONSerialization.jsonObject(with: Data(report.render(.json).utf8))
        #expect(JSONSchemaValidator(root: try Self.schema).errors(object).isEmpty)
        let html = report.render(.html)
        #expect(html.contains("No logged curves"))
        #expect(html.contains("Best accuracy so far by run"))
    }
}
