public import Core
import Factorization
import Foundation

/// Everything a report shows, computed once from a ``SweepReport``; it is also the JSON
/// document of `mfsweep report --format json` (schema version 1, see README and
/// `docs/report-schema.json`).
public struct ReportAnalysis: Sendable, Codable {
    /// The JSON schema version; bumped only when a field changes meaning or goes away.
    public static let schemaVersion = 1

    /// The metric and its direction.
    public struct Metric: Sendable, Codable, Equatable {
        /// The book's spelling, as the sweep file gives it.
        public var name: String
        /// `minimize` or `maximize`.
        public var goal: String
    }

    /// One row of the ranking.
    public struct TopRun: Sendable, Codable, Equatable {
        /// 1 for the best run.
        public var rank: Int
        /// The run's number.
        public var run: Int
        /// The run's metric.
        public var metric: Double
        /// Per-fold test values, in fold order.
        public var folds: [Double]
        /// The mean of `folds` (nil without folds).
        public var foldMean: Double?
        /// The sample standard deviation of `folds` (nil without folds).
        public var foldStd: Double?
        /// The run's hyperparameters.
        public var config: [String: ParameterValue]
        /// Training seconds.
        public var seconds: Double?
        /// Steps trained.
        public var steps: Int?

        enum CodingKeys: String, CodingKey {
            case rank, run, metric, folds, config, seconds, steps
            case foldMean = "fold_mean"
            case foldStd = "fold_std"
        }
    }

    /// One point of the best-so-far curve.
    public struct BestSoFar: Sendable, Codable, Equatable {
        /// The run's number.
        public var run: Int
        /// The best metric up to and including this run.
        public var value: Double
        /// Whether this run set `value`.
        public var improved: Bool
    }

    /// A Pareto front on (metric, one cost).
    public struct Front: Sendable, Codable, Equatable {
        /// What the cost measures (`seconds`, `model_size` or `emb_dim`).
        public var cost: String
        /// Every finished run's point, by run number.
        public var points: [ParetoPoint]
        /// The non-dominated points, by increasing cost.
        public var front: [ParetoPoint]
    }

    /// Both fronts.
    public struct Pareto: Sendable, Codable, Equatable {
        /// Metric vs training seconds (nil with fewer than 2 distinct costs).
        public var seconds: Front?
        /// Metric vs emb_dim × (users + items), or vs emb_dim when users + items are unknown.
        public var modelSize: Front?

        enum CodingKeys: String, CodingKey {
            case seconds
            case modelSize = "model_size"
        }
    }

    /// A failed, crashed, pruned or stopped run.
    public struct Problem: Sendable, Codable, Equatable {
        /// The run's number.
        public var run: Int
        /// `failed`, `crashed`, `pruned` or `stopped`.
        public var state: String
        /// Why, as the agent recorded it.
        public var reason: String?
        /// The step it stopped at, when known.
        public var step: Int?
        /// The early-termination rule that pruned it (`hyperband`, `median`, `wilcoxon`).
        public var rule: String?
        /// The run that retried its config.
        public var retriedAs: Int?

        enum CodingKeys: String, CodingKey {
            case run, state, reason, step, rule
            case retriedAs = "retried_as"
        }
    }

    /// ``schemaVersion`` of this document.
    public var schemaVersion: Int
    /// Sweep name.
    public var sweep: String
    /// Search method.
    public var method: String
    /// The metric and its goal.
    public var metric: Metric
    /// Data fingerprint.
    public var fingerprint: String
    /// Users plus items of the data, when known.
    public var usersPlusItems: Int?
    /// Runs per state; every state is present.
    public var counts: [String: Int]
    /// Distinct agents that ran the runs.
    public var agents: Int
    /// First start to last finish, in seconds.
    public var wallSeconds: Double?
    /// Steps trained by all runs.
    public var totalSteps: Int
    /// Steps that pruned runs did not train (their planned steps minus their steps).
    public var stepsSaved: Int
    /// The parameters that vary, in name order.
    public var parameters: [String]
    /// The ranking, best first.
    public var top: [TopRun]
    /// The best-so-far curve over finished runs in run order.
    public var bestSoFar: [BestSoFar]
    /// The (metric, cost) Pareto fronts.
    public var pareto: Pareto
    /// How the folds agree (nil with fewer than 3 runs of ≥ 2 folds).
    public var foldConsistency: FoldConsistency?
    /// Parameter importances, most important first (empty with fewer than 5 finished runs).
    public var importance: [ParameterImportance]
    /// Failed, crashed, pruned and stopped runs.
    public var problems: [Problem]
    /// Every run, by number.
    public var runs: [RunSummary]

    enum CodingKeys: String, CodingKey {
        case sweep, method, metric, fingerprint, counts, agents, parameters, top, pareto
        case importance, problems, runs
        case schemaVersion = "schema_version"
        case usersPlusItems = "users_plus_items"
        case wallSeconds = "wall_seconds"
        case totalSteps = "total_steps"
        case stepsSaved = "steps_saved"
        case bestSoFar = "best_so_far"
        case foldConsistency = "fold_consistency"
    }

    /// The analysis of `report` with `top` rows in the ranking.
    public init(_ report: SweepReport, top: Int = 10) {
        schemaVersion = Self.schemaVersion
        sweep = report.sweep
        method = report.method
        metric = Metric(name: report.metric, goal: report.goal)
        fingerprint = report.fingerprint
        usersPlusItems = report.usersPlusItems
        var counts = Dictionary(uniqueKeysWithValues: SweepReport.states.map { ($0, 0) })
        for run in report.runs { counts[run.state, default: 0] += 1 }
        self.counts = counts
        agents = report.agents
        wallSeconds = report.wallSeconds
        totalSteps = report.runs.reduce(0) { $0 + ($1.steps ?? 0) }
        stepsSaved = report.runs.reduce(0) { sum, run in
            guard run.state == "pruned", let planned = run.plannedSteps, let steps = run.steps else { return sum }
            return sum + max(0, planned - steps)
        }
        let params = report.sweptParameters
        parameters = params
        let ranked = report.ranked
        self.top = ranked.prefix(max(0, top)).enumerated().map { i, run in
            TopRun(
                rank: i + 1, run: run.number, metric: run.metric!, folds: run.foldValues,
                foldMean: run.foldValues.isEmpty ? nil : Statistics.mean(run.foldValues),
                foldStd: run.foldValues.isEmpty ? nil : Statistics.standardDeviation(run.foldValues),
                config: run.config, seconds: run.seconds, steps: run.steps)
        }
        bestSoFar = report.bestSoFar.map { BestSoFar(run: $0.number, value: $0.value, improved: $0.improved) }
        let finished = ranked.sorted { $0.number < $1.number }
        func front(_ cost: String, _ costOf: (RunSummary) -> Double?) -> Front? {
            let points = finished.compactMap { run in
                costOf(run).map { ParetoPoint(run: run.number, metric: run.metric!, cost: $0) }
            }
            guard points.count >= 2, Set(points.map(\.cost)).count >= 2 else { return nil }
            return Front(cost: cost, points: points, front: ParetoFront.front(points, minimizing: report.minimizing))
        }
        let sizeName = report.usersPlusItems == nil ? "emb_dim" : "model_size"
        pareto = Pareto(
            seconds: front("seconds") { $0.seconds },
            modelSize: front(sizeName) { run in
                run.config["emb_dim"]?.number.map { $0 * Double(report.usersPlusItems ?? 1) }
            })
        foldConsistency = FoldConsistency.compute(ranked)
        importance = ParameterImportance.compute(
            runs: report.runs, parameters: params, minimizing: report.minimizing)
        problems = report.runs.filter { ["failed", "crashed", "pruned", "stopped"].contains($0.state) }.map { run in
            let parsed = Self.parseReason(run.error)
            return Problem(
                run: run.number, state: run.state, reason: run.error,
                step: parsed.step ?? (run.state == "crashed" ? nil : run.steps), rule: parsed.rule,
                retriedAs: report.runs.first { $0.retryOf == run.number }?.number)
        }
        runs = report.runs
    }

    /// The rule and step of reasons such as "pruned by hyperband at step 40: …",
    /// "fold 2: diverged at step 13" or "stopped at step 120".
    static func parseReason(_ reason: String?) -> (rule: String?, step: Int?) {
        guard let reason else { return (nil, nil) }
        var rule: String?
        if reason.hasPrefix("pruned by ") {
            rule = reason.dropFirst("pruned by ".count).split(separator: " ").first.map(String.init)
        }
        var step: Int?
        if let range = reason.range(of: "at step ") {
            step = Int(reason[range.upperBound...].prefix { $0.isNumber })
        }
        return (rule, step)
    }

    var minimizing: Bool { metric.goal != "maximize" }

    /// The JSON document, keys sorted, pretty-printed.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Encoding plain values cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
