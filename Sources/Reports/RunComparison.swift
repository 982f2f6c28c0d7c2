import Core
import Factorization
import Foundation

/// Runs of one sweep side by side: configs (differences marked), per-fold metrics, the
/// metric's final and best logged values, steps and seconds.
public struct RunComparison: Sendable {
    /// One compared run.
    public struct Entry: Sendable {
        /// The run.
        public var run: RunSummary
        /// The sweep metric at each logged step (empty when nothing was logged).
        public var curve: [Double]

        /// A compared run.
        public init(run: RunSummary, curve: [Double]) {
            self.run = run
            self.curve = curve
        }
    }

    /// The sweep.
    public var sweep: String
    /// Metric name (book spelling).
    public var metric: String
    /// `minimize` or `maximize`.
    public var goal: String
    /// The runs, in the order asked for.
    public var entries: [Entry]

    /// A comparison.
    public init(sweep: String, metric: String, goal: String, entries: [Entry]) {
        self.sweep = sweep
        self.metric = metric
        self.goal = goal
        self.entries = entries
    }

    /// Every parameter any run has, in name order.
    public var parameters: [String] {
        Set(entries.flatMap(\.run.config.keys)).sorted()
    }

    /// The parameters whose values are not all the same.
    public var differing: [String] {
        parameters.filter { name in
            Set(entries.map { $0.run.config[name]?.description ?? "" }).count > 1
        }
    }

    /// The best logged value of the metric of `entry` (nil when none is finite).
    public func bestValue(_ entry: Entry) -> Double? {
        let finite = entry.curve.filter(\.isFinite)
        return goal == "maximize" ? finite.max() : finite.min()
    }

    private var foldCount: Int { entries.map(\.run.foldValues.count).max() ?? 0 }

    /// The table; with `errorsBelow`, a run's error reads "below" in its column (the text
    /// rendering prints the reasons under the table, so a long one can't widen a column).
    private func table(mark: (String) -> String, errorsBelow: Bool = false) -> TextTable {
        let diff = Set(differing)
        var rows: [[String]] = [["state"] + entries.map(\.run.state)]
        for name in parameters {
            rows.append(
                [diff.contains(name) ? mark(name) : name]
                    + entries.map { $0.run.config[name].map(SweepReport.value) ?? "-" })
        }
        for f in 0..<foldCount {
            rows.append(
                ["fold \(f) test omse"]
                    + entries.map {
                        f < $0.run.foldValues.count ? SweepReport.number($0.run.foldValues[f]) : "-"
                    })
        }
        for f in 0..<foldCount where entries.contains(where: { f < $0.run.trainFoldValues.count }) {
            rows.append(
                ["fold \(f) train omse"]
                    + entries.map {
                        f < $0.run.trainFoldValues.count ? SweepReport.number($0.run.trainFoldValues[f]) : "-"
                    })
        }
        rows.append(["\(metric) (final)"] + entries.map { $0.run.metric.map { SweepReport.number($0) } ?? "-" })
        rows.append(["\(metric) (best logged)"] + entries.map { bestValue($0).map { SweepReport.number($0) } ?? "-" })
        rows.append(["steps trained"] + entries.map { $0.run.steps.map { "\($0)" } ?? "-" })
        rows.append(["seconds"] + entries.map { $0.run.seconds.map { String(format: "%.1f", $0) } ?? "-" })
        if entries.contains(where: { $0.run.error != nil }) {
            rows.append(["error"] + entries.map { $0.run.error.map { errorsBelow ? "below" : $0 } ?? "-" })
        }
        return TextTable(
            header: [""] + entries.map { "run \($0.run.number)" }, rows: rows, keyColumns: 1, leftAligned: [0])
    }

    /// The comparison for a terminal (100 columns); `*` marks parameters that differ.
    public func text(width: Int = 100) -> String {
        var lines = [
            "sweep \(sweep): runs " + entries.map { "\($0.run.number)" }.joined(separator: ", ")
                + " (* = the configs differ)"
        ]
        lines += table(mark: { "* " + $0 }, errorsBelow: true).lines(width: width)
        for entry in entries {
            guard let error = entry.run.error else { continue }
            lines += "run \(entry.run.number) \(entry.run.state): \(error)".wrapped(width: width, indent: "  ")
        }
        return lines.joined(separator: "\n")
    }

    /// The comparison as markdown; differing parameters in bold.
    public func markdown() -> String {
        (["# Sweep \(sweep): runs " + entries.map { "\($0.run.number)" }.joined(separator: ", "), ""]
            + table(mark: { "**\($0)**" }).markdown()).joined(separator: "\n")
    }

    /// The JSON document (schema version 1; see README).
    public func json() -> String {
        struct Run: Encodable {
            var run: Int
            var state: String
            var config: [String: ParameterValue]
            var folds: [Double]
            var trainFolds: [Double]
            var final: Double?
            var best: Double?
            var steps: Int?
            var seconds: Double?
            var error: String?
            enum CodingKeys: String, CodingKey {
                case run, state, config, folds, final, best, steps, seconds, error
                case trainFolds = "train_folds"
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(run, forKey: .run)
                try c.encode(state, forKey: .state)
                try c.encode(config, forKey: .config)
                try c.encode(folds, forKey: .folds)
                try c.encode(trainFolds, forKey: .trainFolds)
                try c.encode(final, forKey: .final)
                try c.encode(best, forKey: .best)
                try c.encode(steps, forKey: .steps)
                try c.encode(seconds, forKey: .seconds)
                try c.encode(error, forKey: .error)
            }
        }
        struct Document: Encodable {
            var schemaVersion = 1
            var sweep: String
            var metric: ReportAnalysis.Metric
            var parameters: [String]
            var differing: [String]
            var runs: [Run]
            enum CodingKeys: String, CodingKey {
                case sweep, metric, parameters, differing, runs
                case schemaVersion = "schema_version"
            }
        }
        let doc = Document(
            sweep: sweep, metric: .init(name: metric, goal: goal), parameters: parameters, differing: differing,
            runs: entries.map { e in
                Run(
                    run: e.run.number, state: e.run.state, config: e.run.config, folds: e.run.foldValues,
                    trainFolds: e.run.trainFoldValues, final: e.run.metric, best: bestValue(e),
                    steps: e.run.steps, seconds: e.run.seconds, error: e.run.error)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(doc), as: UTF8.self)
    }
}
