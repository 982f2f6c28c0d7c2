import Agents
import Core
import Foundation
import GRDB
import Search
import TestSupport
import Tracking

/// A store with one sweep in every state the dashboard shows: finished runs with logged
/// curves, a running run, a failed run whose reason is markup, a pruned run; and a second
/// sweep, for comparisons across sweeps.
struct DashboardFixture {
    /// The markup every user-supplied string of the fixture carries.
    static let attack = "<img src=x onerror=alert(1)>"

    let folder: TempDirectory
    let storePath: String
    let store: RunStore
    let agent = AgentIdentity(id: "agent-1", host: "host-a", pid: 4242)

    /// The sweep file's text for sweep `name` with `description`.
    static func sweepJSON(_ name: String, description: String, count: Int) -> String {
        """
        {
          "name": "\(name)",
          "description": \(ConfigCoding.json(ParameterValue.string(description))),
          "method": "random",
          "count": \(count),
          "metric": {"name": "Test omse_mean", "goal": "minimize"},
          "data": {"synthetic": {"users": 30, "items": 20, "density": 0.3, "seed": 1}},
          "parameters": {"emb_dim": {"values": [2, 4, 8]}, "ell_2": {"min": 0.001, "max": 1, "distribution": "log_uniform_values"}}
        }
        """
    }

    /// A fixture on a new SQLite store, or on the PostgreSQL store at `location`.
    init(location: String? = nil) throws {
        folder = try TempDirectory()
        storePath = location ?? folder.path("Runs/mfsweep.sqlite")
        store = try RunStore(path: storePath)
    }

    /// Creates sweep `name` and returns it.
    @discardableResult
    func makeSweep(_ name: String, description: String = attack, count: Int = 10) throws -> SweepRecord {
        let text = Self.sweepJSON(name, description: description, count: count)
        let spec = try SweepFile.parse(Array(text.utf8), file: "\(name).json", baseDirectory: folder.url.path)
        return try store.createOrResumeSweep(name: name, specJSON: StoredSweep(spec).text, fingerprint: "fp", now: 0).0
    }

    /// Claims the sweep's next run with `config` (JSON) at time `now`.
    func claim(_ sweep: SweepRecord, config: String, now: Double) throws -> RunRecord {
        let outcome = try store.claimRun(
            sweepID: sweep.id, agent: agent, now: now, heartbeatGrace: 1e9, maxRetries: 0, countLimit: nil,
            propose: { _, _ in config })
        guard let run = outcome.run else { throw FixtureError.notClaimed }
        return run
    }

    /// Logs per-fold train/test OMSE, the L2 and Gramian terms and the mean over 2 folds at
    /// `steps`, decreasing from `start`.
    func log(_ run: RunRecord, steps: [Int], start: Double) throws {
        var records: [MetricRecord] = []
        for step in steps {
            let base = start / Double(1 + step)
            for fold in 0..<2 {
                let test = base * (1 + 0.1 * Double(fold))
                records.append(
                    MetricRecord(runID: run.id, step: step, fold: fold, name: MetricName.testOMSE, value: test))
                records.append(
                    MetricRecord(runID: run.id, step: step, fold: fold, name: MetricName.trainOMSE, value: test * 0.8))
                records.append(
                    MetricRecord(runID: run.id, step: step, fold: fold, name: MetricName.l2Loss, value: 2 + base))
                records.append(
                    MetricRecord(runID: run.id, step: step, fold: fold, name: MetricName.gramLoss, value: 1 + base))
            }
            records.append(MetricRecord(runID: run.id, step: step, name: MetricName.testOMSEMean, value: base * 1.05))
        }
        try store.appendMetrics(records)
    }

    /// Finishes `run` as `state` with the metric `metric` over 2 folds.
    func finish(_ run: RunRecord, _ state: RunState, metric: Double?, error: String? = nil, now: Double) throws {
        let folds =
            metric.map { m in
                (0..<2).map { FoldResultRecord(runID: run.id, fold: $0, trainOMSE: m * 0.8, testOMSE: m, steps: 10) }
            } ?? []
        try store.finishRun(
            runID: run.id, agent: agent, state: state, summaryMetric: metric, folds: folds, error: error, steps: 10,
            seconds: 2.5, now: now)
    }

    /// The standard fixture: sweep "alpha" (runs 1–3 finished, 4 failed with markup as its
    /// reason, 5 pruned, 6 running) and sweep "beta" (run 1 finished).
    static func standard(location: String? = nil) throws -> (DashboardFixture, alpha: SweepRecord, running: RunRecord) {
        let f = try DashboardFixture(location: location)
        let alpha = try f.makeSweep("alpha")
        for (k, metric) in [0.9, 0.7, 0.8].enumerated() {
            let run = try f.claim(alpha, config: #"{"emb_dim":\#(2 << k),"ell_2":0.0\#(k + 1)}"#, now: Double(k))
            try f.log(run, steps: [0, 5, 10], start: metric * 3)
            try f.finish(run, .finished, metric: metric, now: Double(k) + 1)
        }
        let failed = try f.claim(alpha, config: #"{"emb_dim":4,"ell_2":0.5}"#, now: 4)
        try f.finish(failed, .failed, metric: nil, error: attack, now: 5)
        let pruned = try f.claim(alpha, config: #"{"emb_dim":8,"ell_2":0.2}"#, now: 5)
        try f.log(pruned, steps: [0, 5], start: 3)
        try f.finish(pruned, .pruned, metric: 1.2, error: "pruned by hyperband at step 5", now: 6)
        let running = try f.claim(alpha, config: #"{"emb_dim":2,"ell_2":0.003}"#, now: 6)
        try f.log(running, steps: [0], start: 2.4)
        let beta = try f.makeSweep("beta", description: "second sweep", count: 2)
        let b1 = try f.claim(beta, config: #"{"emb_dim":8,"ell_2":0.01}"#, now: 7)
        try f.log(b1, steps: [0, 5, 10], start: 2)
        try f.finish(b1, .finished, metric: 0.6, now: 8)
        return (f, alpha, running)
    }

    enum FixtureError: Error { case notClaimed }
}

extension RunStore {
    /// Adds `count` finished runs to sweep `sweepID` of the SQLite store at `path`, each with
    /// two folds and a metric, in one transaction (claiming them one by one takes minutes).
    static func bulkFinishedRuns(path: String, sweepID: Int64, count: Int, agent: AgentIdentity) throws {
        let db = try DatabaseQueue(path: path)
        try db.write { db in
            let first = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM run") ?? 0) + 1
            for k in 0..<count {
                let id = first + Int64(k)
                let config = #"{"emb_dim":\#([2, 4, 8][k % 3]),"ell_2":\#(0.001 * Double(1 + k % 97))}"#
                let metric = 0.8 + 0.1 * sin(Double(k))
                try db.execute(
                    sql: """
                        INSERT INTO run (id, sweepID, number, configJSON, state, agentID, host, pid, heartbeatAt,
                            startedAt, finishedAt, summaryMetric, error, retryOf, steps, seconds)
                        VALUES (?, ?, ?, ?, 'finished', ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 10, ?)
                        """,
                    arguments: [
                        id, sweepID, k + 1, config, agent.id, agent.host, agent.pid, Double(k) + 0.5, Double(k),
                        Double(k) + 0.5, metric, 1 + Double(k % 7),
                    ])
                for fold in 0..<2 {
                    try db.execute(
                        sql: "INSERT INTO foldResult (runID, fold, trainOMSE, testOMSE, steps) VALUES (?, ?, ?, ?, 10)",
                        arguments: [id, fold, metric * 0.8, metric])
                }
            }
        }
    }

    /// Registers run `run` of `sweep` as model `name` version 1 with `alias`.
    func registerTestModel(name: String, sweep: SweepRecord, run: RunRecord, alias: String) throws -> ModelVersionRecord
    {
        let version = ModelVersionRecord(
            sweepID: sweep.id, sweepName: sweep.name, runID: run.id, runNumber: run.number, configJSON: run.configJSON,
            dataFingerprint: "fp",
            metricsJSON: #"{"metric":"Test omse_mean","goal":"minimize","value":0.7,"folds":[]}"#,
            refitTrainOMSE: 0.5, refitSteps: 10, refitSeconds: 0.1, sha256: String(repeating: "ab", count: 32),
            byteCount: 100, toolVersion: "test", createdAt: 0)
        return try registerModelVersion(
            name: name, version, alias: alias, now: 1, install: { _ in "models/\(name)-1.mfmodel" })
    }
}
