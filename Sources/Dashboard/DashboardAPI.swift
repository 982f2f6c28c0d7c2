import Foundation
import Registry
import Reports
import Search
import Tracking

/// The JSON bodies of `/api/...`. Field names are those of `report --format json` where the two
/// share a thing (`counts`, `wall_seconds`, a run's `number`, `state`, `metric`, `config`, …).
enum DashboardAPI {
    /// One sweep's progress: `/api/sweeps` lists them, `/api/sweeps/NAME/progress` gives one.
    struct Progress: Encodable {
        struct Best: Encodable {
            var run: Int
            var metric: Double?
        }
        var name: String
        var description: String?
        var state: String
        var method: String
        var metric: String
        var goal: String
        var counts: [String: Int]
        var runs: Int
        var planned: Int?
        var finished: Int
        var runningAgents: Int
        var best: Best?
        var wallSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case name, description, state, method, metric, goal, counts, runs, planned, finished, best
            case runningAgents = "running_agents"
            case wallSeconds = "wall_seconds"
        }

        init(_ s: DashboardData.Snapshot) {
            name = s.sweep.name
            description = s.spec.description
            state = s.sweep.state.rawValue
            method = s.report.method
            metric = s.report.metric
            goal = s.report.goal
            counts = s.report.counts
            runs = s.report.runs.count
            planned = s.planned
            finished = s.finished
            runningAgents = s.runningAgents
            best = s.report.best.map { Best(run: $0.number, metric: $0.metric) }
            wallSeconds = s.report.wallSeconds
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(description, forKey: .description)
            try c.encode(state, forKey: .state)
            try c.encode(method, forKey: .method)
            try c.encode(metric, forKey: .metric)
            try c.encode(goal, forKey: .goal)
            try c.encode(counts, forKey: .counts)
            try c.encode(runs, forKey: .runs)
            try c.encode(planned, forKey: .planned)
            try c.encode(finished, forKey: .finished)
            try c.encode(runningAgents, forKey: .runningAgents)
            try c.encode(best, forKey: .best)
            try c.encode(wallSeconds, forKey: .wallSeconds)
        }
    }

    /// `/api/sweeps`.
    struct Sweeps: Encodable {
        var sweeps: [Progress]
    }

    /// `/api/sweeps/NAME/runs`: one page of the runs table.
    struct RunsPage: Encodable {
        var total: Int
        var page: Int
        var perPage: Int
        var runs: [RunSummary]
        enum CodingKeys: String, CodingKey {
            case total, page, runs
            case perPage = "per_page"
        }
    }

    /// `/api/sweeps/NAME/runs/N`: a run's facts (its logged curves are at `…/metrics`).
    struct Run: Encodable {
        var sweep: String
        var run: RunSummary
        var agent: String
        var host: String
        var pid: Int32
        var startedAt: Double
        var finishedAt: Double?
        var heartbeatAt: Double?
        /// The last step with a logged value (a running run's progress).
        var lastLoggedStep: Int?
        enum CodingKeys: String, CodingKey {
            case sweep, run, agent, host, pid
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case heartbeatAt = "heartbeat_at"
            case lastLoggedStep = "last_logged_step"
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(sweep, forKey: .sweep)
            try c.encode(run, forKey: .run)
            try c.encode(agent, forKey: .agent)
            try c.encode(host, forKey: .host)
            try c.encode(pid, forKey: .pid)
            try c.encode(startedAt, forKey: .startedAt)
            try c.encode(finishedAt, forKey: .finishedAt)
            try c.encode(heartbeatAt, forKey: .heartbeatAt)
            try c.encode(lastLoggedStep, forKey: .lastLoggedStep)
        }
    }

    /// `/api/models`.
    struct Models: Encodable {
        struct Version: Encodable {
            var version: Int
            var state: String
            var aliases: [String]
            var sweep: String
            var run: Int
            var metric: String?
            var value: Double?
            var refitTrainOMSE: Double?
            var sha256: String
            var createdAt: Double
            enum CodingKeys: String, CodingKey {
                case version, state, aliases, sweep, run, metric, value, sha256
                case refitTrainOMSE = "refit_train_omse"
                case createdAt = "created_at"
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(version, forKey: .version)
                try c.encode(state, forKey: .state)
                try c.encode(aliases, forKey: .aliases)
                try c.encode(sweep, forKey: .sweep)
                try c.encode(run, forKey: .run)
                try c.encode(metric, forKey: .metric)
                try c.encode(value, forKey: .value)
                try c.encode(refitTrainOMSE, forKey: .refitTrainOMSE)
                try c.encode(sha256, forKey: .sha256)
                try c.encode(createdAt, forKey: .createdAt)
            }
        }
        struct Model: Encodable {
            var name: String
            var aliases: [String: Int]
            var versions: [Version]
        }
        var models: [Model]

        init(_ models: [ModelCatalog.Detail]) {
            self.models = models.map { m in
                Model(
                    name: m.name, aliases: m.aliases,
                    versions: m.versions.map { v in
                        Version(
                            version: v.version, state: v.state, aliases: v.aliases.sorted(), sweep: v.sweep, run: v.run,
                            metric: v.metrics.metric, value: v.metrics.value, refitTrainOMSE: v.refitTrainOMSE,
                            sha256: v.sha256, createdAt: v.createdAt)
                    })
            }
        }
    }

    /// `value` as JSON, as `report --format json` writes it (sorted keys; NaN as "nan").
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Plain values with non-finite numbers handled: encoding cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }
}
