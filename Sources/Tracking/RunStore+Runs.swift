import GRDB

extension RunStore {
    /// Records that run `runID` is alive.
    ///
    /// - Returns: Whether the run is still `running`. False means another agent marked it
    ///   crashed (its heartbeat had gone stale) or it ended: the caller should stop working on it.
    @discardableResult
    public func heartbeat(runID: Int64, now: Double) throws -> Bool {
        try writeImmediate { db in
            try Stored<RunRecord>.filter(key: runID).filter(RunRecord.Columns.state == RunState.running.rawValue)
                .updateAll(db, RunRecord.Columns.heartbeatAt.set(to: now)) > 0
        }
    }

    /// Appends metric history in one transaction (call it with a batch, not per value).
    ///
    /// Values are appended whatever the run's state, so a late flush is never lost.
    public func appendMetrics(_ metrics: [MetricRecord]) throws {
        guard !metrics.isEmpty else { return }
        try writeImmediate { db in
            let insert = try db.cachedStatement(
                sql: "INSERT INTO metric (runID, step, fold, name, value) VALUES (?, ?, ?, ?, ?)")
            for metric in metrics {
                try insert.execute(
                    arguments: [metric.runID, metric.step, metric.fold, metric.name, metric.value])
            }
        }
    }

    /// Ends a run that `agent` is running: writes its outcome and fold results in one
    /// transaction.
    ///
    /// A run that is no longer `running` (another agent marked it crashed, and may have retried
    /// its config) or that another agent runs is left as it is, and this throws: a crashed run is
    /// never silently overwritten.
    ///
    /// - Parameters:
    ///   - state: The final state; not `running`.
    ///   - summaryMetric: The sweep metric's final value (NaN is stored as nil).
    ///   - folds: Per-fold results, each with `runID == runID`; they replace earlier ones.
    /// - Throws: ``StoreError/runNotRunning(runID:number:state:owner:detail:)``,
    ///   ``StoreError/unknownRun(id:)``.
    public func finishRun(
        runID: Int64, agent: AgentIdentity, state: RunState, summaryMetric: Double?,
        folds: [FoldResultRecord], error: String?, steps: Int?, seconds: Double?, now: Double
    ) throws {
        precondition(state != .running, "finishRun needs a final state, not running")
        precondition(folds.allSatisfy { $0.runID == runID }, "fold results of another run")
        try writeImmediate { db in
            guard var run = try Stored<RunRecord>.fetchOne(db, key: runID)?.record else {
                throw StoreError.unknownRun(id: runID)
            }
            guard run.state == .running, run.agentID == agent.id else {
                throw StoreError.runNotRunning(
                    runID: runID, number: run.number, state: run.state, owner: run.agentID,
                    detail: run.error)
            }
            run.state = state
            run.summaryMetric = summaryMetric.flatMap { $0.isNaN ? nil : $0 }
            run.error = error
            run.steps = steps
            run.seconds = seconds
            run.finishedAt = now
            run.heartbeatAt = now
            try Stored(run).update(db)
            for fold in folds {
                try Stored(fold).insert(db, onConflict: .replace)
            }
        }
    }

    /// Registers a file that run `runID` produced.
    ///
    /// - Throws: ``StoreError/unknownRun(id:)``.
    public func addArtifact(
        runID: Int64, kind: String, path: String, sha256: String, now: Double
    ) throws -> ArtifactRecord {
        try writeImmediate { db in
            guard try Stored<RunRecord>.exists(db, key: runID) else {
                throw StoreError.unknownRun(id: runID)
            }
            let artifact = ArtifactRecord(
                id: try Self.nextID(in: ArtifactRecord.databaseTableName, db), runID: runID,
                kind: kind, path: path, sha256: sha256, createdAt: now)
            try Stored(artifact).insert(db)
            return artifact
        }
    }

    // MARK: - Reads

    /// The runs of a sweep, by number.
    public func runs(sweepID: Int64) throws -> [RunRecord] {
        try read { db in
            try Stored<RunRecord>.filter(RunRecord.Columns.sweepID == sweepID)
                .order(RunRecord.Columns.number).fetchAll(db).map(\.record)
        }
    }

    /// The run with this id, if any.
    public func run(id: Int64) throws -> RunRecord? {
        try read { db in try Stored<RunRecord>.fetchOne(db, key: id)?.record }
    }

    /// Run number `number` of a sweep, if any.
    public func run(sweepID: Int64, number: Int) throws -> RunRecord? {
        try read { db in
            try Stored<RunRecord>.filter(RunRecord.Columns.sweepID == sweepID)
                .filter(RunRecord.Columns.number == number).fetchOne(db)?.record
        }
    }

    /// A run's metric history, by step, in the order it was logged within a step.
    public func metrics(runID: Int64) throws -> [MetricRecord] {
        try read { db in
            try Stored<MetricRecord>.filter(MetricRecord.Columns.runID == runID)
                .order(MetricRecord.Columns.step, Column.rowID).fetchAll(db).map(\.record)
        }
    }

    /// A run's fold results, by fold.
    public func foldResults(runID: Int64) throws -> [FoldResultRecord] {
        try read { db in
            try Stored<FoldResultRecord>.filter(FoldResultRecord.Columns.runID == runID)
                .order(FoldResultRecord.Columns.fold).fetchAll(db).map(\.record)
        }
    }

    /// A run's artifacts, oldest first.
    public func artifacts(runID: Int64) throws -> [ArtifactRecord] {
        try read { db in
            try Stored<ArtifactRecord>.filter(ArtifactRecord.Columns.runID == runID)
                .order(ArtifactRecord.Columns.id).fetchAll(db).map(\.record)
        }
    }

    /// How many runs of a sweep are in each state; every state is present, zero included.
    public func counts(sweepID: Int64) throws -> [RunState: Int] {
        let rows = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT state, COUNT(*) AS n FROM run WHERE sweepID = ? GROUP BY state",
                arguments: [sweepID])
        }
        var counts = Dictionary(uniqueKeysWithValues: RunState.allCases.map { ($0, 0) })
        for row in rows {
            if let state = RunState(rawValue: row["state"]) { counts[state] = row["n"] }
        }
        return counts
    }
}
