import Core
import Factorization
import Foundation

/// What a report knows about a sweep: its header facts and every run, plus the logged
/// histories of a few runs for the HTML curves. Plain values: the agents read them from the
/// store; everything the report computes from them lives in this module.
public struct SweepReport: Sendable {
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
    /// How many distinct agents ran the sweep's runs.
    public var agents: Int
    /// Users plus items of the sweep's data, when known: a model's size is
    /// `emb_dim × (users + items)` factors.
    public var usersPlusItems: Int?
    /// Logged histories of some runs (the best few), for the HTML report's curves.
    public var histories: [RunHistory]
    /// The parameters the sweep spec samples on a log scale (log-uniform and log-normal forms),
    /// shown on logarithmic axes; nil when the spec is unknown, in which case a positive
    /// parameter spanning a factor of at least 100 gets a log axis (see ``logScaled(_:)``).
    public var logScaleParameters: Set<String>?

    /// A report over `runs`.
    public init(
        sweep: String, method: String, metric: String, goal: String, fingerprint: String,
        wallSeconds: Double?, runs: [RunSummary], agents: Int = 0, usersPlusItems: Int? = nil,
        histories: [RunHistory] = [], logScaleParameters: Set<String>? = nil
    ) {
        self.sweep = sweep
        self.method = method
        self.metric = metric
        self.goal = goal
        self.fingerprint = fingerprint
        self.wallSeconds = wallSeconds
        self.runs = runs.sorted { $0.number < $1.number }
        self.agents = agents
        self.usersPlusItems = usersPlusItems
        self.histories = histories
        self.logScaleParameters = logScaleParameters
    }

    /// Whether parameter `name` is best shown on a log axis: as the spec samples it when
    /// ``logScaleParameters`` is known, else by the data rule (every run's value a positive
    /// number, the largest at least 100 × the smallest).
    public func logScaled(_ name: String) -> Bool {
        if let known = logScaleParameters { return known.contains(name) }
        let values = runs.compactMap { $0.config[name] }
        let numbers = values.compactMap(\.number)
        guard !numbers.isEmpty, numbers.count == values.count, let lo = numbers.min(), let hi = numbers.max(),
            lo > 0, hi.isFinite
        else { return false }
        return hi / lo >= 100
    }

    var minimizing: Bool { goal != "maximize" }

    /// The run states in the order reports list them.
    public static let states = ["running", "finished", "failed", "crashed", "pruned", "stopped"]

    /// Runs per state.
    public var counts: [String: Int] {
        Dictionary(grouping: runs, by: \.state).mapValues(\.count)
    }

    /// Finished runs with a metric, best first (ties by run number).
    public var ranked: [RunSummary] {
        runs.filter(Self.isRanked).sorted(by: ranksBefore)
    }

    /// The best run, if any finished: the first of ``ranked``, found in one pass.
    public var best: RunSummary? {
        runs.lazy.filter(Self.isRanked).min(by: ranksBefore)
    }

    /// Whether `run` takes part in the ranking: finished, with a finite metric.
    private static func isRanked(_ run: RunSummary) -> Bool {
        run.state == "finished" && run.metric?.isFinite == true
    }

    /// The ranking's order: the better metric first, ties by run number.
    private func ranksBefore(_ a: RunSummary, _ b: RunSummary) -> Bool {
        a.metric! == b.metric! ? a.number < b.number : (minimizing ? a.metric! < b.metric! : a.metric! > b.metric!)
    }

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
        // Per name, its first value, until a second, different one shows it varies.
        var first: [String: ParameterValue] = [:]
        var varies: Set<String> = []
        for run in runs {
            for (name, value) in run.config where !varies.contains(name) {
                if let seen = first[name] {
                    if seen != value && seen.description != value.description { varies.insert(name) }
                } else {
                    first[name] = value
                }
            }
        }
        return first.keys.filter { varies.contains($0) }.sorted()
    }

    /// The text report (at most 100 columns), at most `top` rows in the ranking.
    public func renderText(top: Int = 10) -> String {
        ReportAnalysis(self, top: top).text()
    }

    // MARK: Formatting

    /// `x` with `digits` decimals ("nan", "inf" or "-inf" when not finite).
    public static func number(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return NumberFormat.fixed(x, decimals: digits)
    }

    static func value(_ v: ParameterValue) -> String {
        if case .double(let d) = v { return NumberFormat.significant(d) }
        return v.description
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t < 60
            ? "\(t)s"
            : t < 3600
                ? "\(t / 60)m\(String(format: "%02d", t % 60))s"
                : "\(t / 3600)h\(String(format: "%02d", (t % 3600) / 60))m"
    }
}

extension SweepReport {
    /// One line: name, method, counts by state, best metric and run.
    public var statusLine: String {
        let c = Self.states.compactMap { s in counts[s].map { "\($0) \(s)" } }.joined(separator: ", ")
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
        return TextTable(header: header, rows: rows, leftAligned: [6]).lines(width: Int.max / 4)
            .joined(separator: "\n")
    }
}
