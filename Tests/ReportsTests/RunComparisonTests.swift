import Core
import Factorization
import Reports
import Testing

/// `mfsweep compare` in a terminal: a pruned run's long reason must not widen its column.
@Suite struct RunComparisonTests {
    @Test func aLongReasonIsPrintedUnderTheTableAndEveryLineFits() {
        let reason =
            "pruned by hyperband at step 600: its value at bracket 6 (step 250), 3.386, is worse than "
            + "1.599, the 1st best of 4 runs there; η = 5 keeps the best 1"
        let runs = [
            RunSummary(
                number: 8, state: "finished", config: ["alpha": .double(72.39), "emb_dim": .int(76)],
                metric: 0.9537, foldValues: [0.965, 0.942], steps: 1000, seconds: 145.9),
            RunSummary(
                number: 3, state: "pruned", config: ["alpha": .double(11.68), "emb_dim": .int(104)],
                metric: 3.1, foldValues: [3.19, 3.14], steps: 600, seconds: 80.2, error: reason),
        ]
        let comparison = RunComparison(
            sweep: "s", metric: "Test omse_mean", goal: "minimize",
            entries: runs.map { RunComparison.Entry(run: $0, curve: [4, 3.1]) })
        let lines = comparison.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines.filter { $0.count > 100 })")
        let errorRow = lines.first { $0.hasPrefix("error") }
        #expect(errorRow?.split(separator: " ").map(String.init) == ["error", "-", "below"])
        let below = lines.drop { !$0.hasPrefix("  run 3 pruned:") }.joined(separator: " ")
        let words = below.split(separator: " ").joined(separator: " ")
        #expect(words == "run 3 pruned: " + reason)
        // The table itself stays narrow: the runs' columns are as wide as their numbers.
        let table = lines.prefix { !$0.hasPrefix("  run 3 pruned:") }
        #expect(table.map(\.count).max()! < 60, "\(table)")
        // Markdown keeps the reason in the table cell.
        #expect(comparison.markdown().contains(reason))
    }
}
