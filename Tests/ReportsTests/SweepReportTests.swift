import Core
import Factorization
import Testing

@testable import Reports

struct SweepReportTests {
    static func report(goal: String = "minimize") -> SweepReport {
        let metrics: [Double?] = [1.9, 1.2, nil, 1.5, 0.9, 0.95]
        let states = ["finished", "finished", "failed", "finished", "finished", "finished"]
        let runs = metrics.indices.map { i in
            RunSummary(
                number: i + 1, state: states[i],
                config: ["alpha": .double(Double(i) + 0.5), "steps": .int(100)], metric: metrics[i],
                foldValues: metrics[i].map { [$0 - 0.01, $0 + 0.01] } ?? [], steps: 100, seconds: 1,
                error: states[i] == "failed" ? "fold 0: diverged at step 3" : nil)
        }
        return SweepReport(
            sweep: "s", method: "random", metric: "Test omse_mean", goal: goal, fingerprint: "sha256:x",
            wallSeconds: 75, runs: runs.reversed())
    }

    @Test func ranksFinishedRunsByTheGoal() {
        #expect(Self.report().ranked.map(\.number) == [5, 6, 2, 4, 1])
        #expect(Self.report(goal: "maximize").ranked.map(\.number) == [1, 4, 2, 6, 5])
    }

    @Test func bestSoFarMarksImprovingRuns() {
        let curve = Self.report().bestSoFar
        #expect(curve.map(\.number) == [1, 2, 4, 5, 6])
        #expect(curve.map(\.value) == [1.9, 1.2, 1.2, 0.9, 0.9])
        #expect(curve.map(\.improved) == [true, true, false, true, false])
    }

    @Test func onlyVaryingParametersAreColumns() {
        #expect(Self.report().sweptParameters == ["alpha"])
    }

    @Test func textShowsHeaderTopFailuresAndChart() {
        let text = Self.report().renderText(top: 3)
        #expect(text.contains("runs    6: 5 finished, 1 failed"))
        #expect(text.contains("wall    1m15s"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let top = lines.firstIndex { $0.hasPrefix("top 3 of 5 finished runs") }!
        #expect(lines[top + 2].contains("0.9000") && lines[top + 2].contains("4.5"))
        #expect(lines[top + 4].contains("1.2000"))
        #expect(!text.contains("1.9000  "))
        #expect(text.contains("run 3 failed: fold 0: diverged at step 3"))
        #expect(text.contains("best Test omse_mean so far by run"))
        #expect(text.contains(" |*"))
        // Every run took 1 s: no seconds front to draw.
        #expect(!text.contains("vs training seconds"))
    }
}

extension SweepReportTests {
    @Test func aSweptStepsParameterIsTheStepsColumnOnce() {
        let runs = (1...4).map { i in
            RunSummary(
                number: i, state: "finished", config: ["steps": .int(1000 * i), "alpha": .double(Double(i))],
                metric: Double(i), steps: 1000 * i, seconds: 1)
        }
        let text = SweepReport(
            sweep: "s", method: "random", metric: "Test omse", goal: "minimize", fingerprint: "f", wallSeconds: nil,
            runs: runs
        ).renderText()
        let header = text.split(separator: "\n").first { $0.contains("rank") }!
        #expect(header.split(separator: " ").filter { $0 == "steps" }.count == 1, "\(header)")
    }
}
